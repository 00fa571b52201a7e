/**
 * The Worker as it deploys, run in plain `workerd serve` on loopback: what the benchmarks and
 * the load test measure. Never `wrangler dev`, whose proxy costs far more than the Worker does.
 *
 * - {@link buildWorkerBundle}: the bundle `wrangler deploy` uploads (`--dry-run --outdir`, offline).
 * - {@link startWorkerd}: a generated capnp config (bindings, the Cache API backed by
 *   memory-cache.worker.js, loopback reachable) and `workerd serve`, resolved once it answers.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";

const run = promisify(execFile);

/** The repository root. */
export const PROJECT_ROOT = fileURLToPath(new URL("../", import.meta.url));

const MEMORY_CACHE_WORKER = fileURLToPath(new URL("./memory-cache.worker.js", import.meta.url));
/** wrangler's CLI, run with this process's Node (the project's, whatever `node` is on PATH). */
const WRANGLER = join(PROJECT_ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
/** workerd answers within a second of starting; far longer means it failed. */
const READY_TIMEOUT_MS = 15_000;
const READY_POLL_MS = 25;
/** How long a stopped workerd gets to exit before it is killed. */
const STOP_GRACE_MS = 3_000;
/** Enough of workerd's stderr to say why it failed, never an unbounded buffer under load. */
const MAX_STDERR_CHARS = 16_384;

/**
 * The workerd binary the Worker tests run in (the `workerd` package Miniflare depends on), or
 * WORKERD_BIN when set.
 */
export function workerdBinary(): string {
  if (process.env.WORKERD_BIN) return process.env.WORKERD_BIN;
  const packageJson = createRequire(import.meta.url).resolve("workerd/package.json");
  return join(dirname(packageJson), "bin", "workerd");
}

/** `workerd --version`, e.g. "workerd 2026-11-02". */
export async function workerdVersion(): Promise<string> {
  const { stdout } = await run(workerdBinary(), ["--version"]);
  return stdout.trim();
}

/** wrangler.toml's compatibility_date: the Worker runs with the date it deploys with. */
export async function compatibilityDate(): Promise<string> {
  const toml = await readFile(join(PROJECT_ROOT, "wrangler.toml"), "utf8");
  const date = /^compatibility_date\s*=\s*"(\d{4}-\d{2}-\d{2})"/m.exec(toml)?.[1];
  if (!date) throw new Error("wrangler.toml has no compatibility_date");
  return date;
}

export interface WorkerBundle {
  /** The bundle's folder (temporary; {@link WorkerBundle.remove} deletes it). */
  dir: string;
  /** Its main module, an ES module. */
  main: string;
  bytes: number;
  /** gzip at level 9, as an upload is measured against Cloudflare's size limits. */
  gzipBytes: number;
  remove(): Promise<void>;
}

/**
 * Builds the Worker exactly as `wrangler deploy` would upload it, without uploading: wrangler's
 * own esbuild step, from wrangler.toml. Needs no network and no Cloudflare account.
 */
export async function buildWorkerBundle(): Promise<WorkerBundle> {
  const dir = await mkdtemp(join(tmpdir(), "latest-ami-bundle-"));
  try {
    await run(process.execPath, [WRANGLER, "deploy", "--dry-run", "--outdir", dir], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1" },
    });
    const main = join(dir, "index.js");
    const code = await readFile(main);
    return {
      dir,
      main,
      bytes: code.byteLength,
      gzipBytes: gzipSync(code, { level: 9 }).byteLength,
      remove: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

export type CacheMode = "memory" | "off";

export interface WorkerdOptions {
  /** The Worker's main ES module (a single-file bundle). */
  script: string;
  /** Text bindings, e.g. `{ ORIGIN_URL: "http://127.0.0.1:4000/latest-ami/v1" }`. */
  bindings?: Record<string, string>;
  /**
   * What backs `caches.default`: "memory" (default), an in-memory cache service; "off", one that
   * stores nothing, so every match misses (as on workers.dev).
   */
  cache?: CacheMode;
  /** Loopback port; default a free one. */
  port?: number;
  /** Default wrangler.toml's. */
  compatibilityDate?: string;
  /** A loopback port for workerd's DevTools inspector (CPU profiles); none by default. */
  inspectorPort?: number;
}

export interface RunningWorkerd {
  /** e.g. "http://127.0.0.1:41234" */
  url: string;
  port: number;
  pid: number;
  /** What backs `caches.default` (see {@link WorkerdOptions.cache}). */
  cache: CacheMode;
  /** SIGTERM, then SIGKILL if it lingers; removes the generated config. */
  stop(): Promise<void>;
}

/** A capnp text literal: JSON's string escapes are capnp's. */
function capnpText(value: string): string {
  return JSON.stringify(value);
}

/** The capnp config: the Worker, its bindings, the cache service, loopback-reachable fetch. */
export function workerdConfig(options: {
  port: number;
  mainModule: string;
  bindings: Record<string, string>;
  cacheModule: string;
  cache: CacheMode;
  compatibilityDate: string;
}): string {
  const bindings = Object.entries(options.bindings)
    .map(([name, value]) => `(name = ${capnpText(name)}, text = ${capnpText(value)})`)
    .join(",\n      ");
  // workerd has no cache of its own: without a cacheApiOutbound, caches.default throws.
  const cacheService = `(name = "cache", worker = (
        modules = [(name = "cache.js", esModule = embed ${capnpText(options.cacheModule)})],
        compatibilityDate = ${capnpText(options.compatibilityDate)},
        bindings = [(name = "MODE", text = ${capnpText(options.cache)})],
      )),`;
  return `# Generated by bench/workerd.ts for one benchmark run.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .main),
    ${cacheService}
    # The Worker's fetch() reaches loopback (the origin under test); workerd's default allows public addresses only.
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = ${capnpText(`127.0.0.1:${options.port}`)}, http = (), service = "main")],
);

const main :Workerd.Worker = (
  modules = [(name = "index.js", esModule = embed ${capnpText(options.mainModule)})],
  compatibilityDate = ${capnpText(options.compatibilityDate)},
  bindings = [
      ${bindings}
  ],
  cacheApiOutbound = "cache",
);
`;
}

/** A port free right now on loopback (the OS's pick). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error("no free port reported"))));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once("exit", () => resolve()));
}

/**
 * Starts `workerd serve` with a generated config and resolves once it answers HTTP.
 * @example const workerd = await startWorkerd({ script: bundle.main, bindings: { ORIGIN_URL } });
 */
export async function startWorkerd(options: WorkerdOptions): Promise<RunningWorkerd> {
  const dir = await mkdtemp(join(tmpdir(), "latest-ami-workerd-"));
  const cache = options.cache ?? "memory";
  const mainModule = basename(options.script);
  await copyFile(options.script, join(dir, mainModule));
  await copyFile(MEMORY_CACHE_WORKER, join(dir, "memory-cache.worker.js"));
  const port = options.port ?? (await freePort());
  const config = join(dir, "workerd.capnp");
  await writeFile(
    config,
    workerdConfig({
      port,
      mainModule,
      bindings: options.bindings ?? {},
      cacheModule: "memory-cache.worker.js",
      cache,
      compatibilityDate: options.compatibilityDate ?? (await compatibilityDate()),
    }),
  );
  const inspector = options.inspectorPort ? [`--inspector-addr=127.0.0.1:${options.inspectorPort}`] : [];
  const child = spawn(workerdBinary(), ["serve", config, ...inspector], {
    stdio: ["ignore", "ignore", process.env.WORKERD_STDERR ? "inherit" : "pipe"],
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    if (stderr.length < MAX_STDERR_CHARS) stderr += chunk;
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
      await exited(child);
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(url, child, () => stderr);
  } catch (error) {
    await stop();
    throw error;
  }
  if (child.pid === undefined) throw new Error("workerd started without a pid");
  return { url, port, pid: child.pid, cache, stop };
}

async function waitUntilAnswering(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `workerd exited (${child.exitCode ?? child.signalCode}) before answering:\n${stderr()}`,
      );
    }
    try {
      const response = await fetch(`${url}/__ready`, { signal: AbortSignal.timeout(1_000) });
      await response.body?.cancel();
      return;
    } catch {
      if (Date.now() > deadline) {
        throw new Error(`workerd did not answer on ${url} within ${READY_TIMEOUT_MS} ms:\n${stderr()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
    }
  }
}

/**
 * A Worker of a few lines written to a temporary file, for the runtime's floor: the same workerd,
 * the same config, nothing of ours. Returns the file and a function that removes it.
 */
export async function writeScript(
  name: string,
  source: string,
): Promise<{ path: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "latest-ami-script-"));
  const path = join(dir, name);
  await writeFile(path, source);
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}
