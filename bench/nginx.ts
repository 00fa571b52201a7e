/**
 * nginx (the Debian package) serving one file from a temporary directory on a loopback port, as
 * the current user, from a generated config: the static-file ceiling the Worker is compared with.
 * `daemon off` and no master process, so the child we spawn is the one serving and stopping it
 * stops nginx.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./workerd.ts";

const READY_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 3_000;

export interface RunningNginx {
  /** e.g. "http://127.0.0.1:40123" */
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** The config: one worker, access log off (it would be disk I/O wrk measures), one location. */
export function nginxConfig(dir: string, port: number): string {
  return `daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  types { application/json json; text/plain txt; }
  default_type application/octet-stream;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:${port};
    root ${dir}/www;
  }
}
`;
}

/**
 * Starts nginx serving `files` (name → content) under `/`, resolved once it answers.
 * @example const nginx = await startNginx({ "doc.json": json }); // GET `${nginx.url}/doc.json`
 */
export async function startNginx(files: Record<string, string>, cpus?: string): Promise<RunningNginx> {
  const dir = await mkdtemp(join(tmpdir(), "latest-ami-nginx-"));
  const www = join(dir, "www");
  await mkdir(www);
  for (const [name, content] of Object.entries(files)) await writeFile(join(www, name), content);
  const port = await freePort();
  const config = join(dir, "nginx.conf");
  await writeFile(config, nginxConfig(dir, port));
  const args = ["-c", config, "-p", dir, "-e", join(dir, "error.log")];
  const child: ChildProcess =
    cpus !== undefined
      ? spawn("taskset", ["-c", cpus, "nginx", ...args], { stdio: ["ignore", "ignore", "pipe"] })
      : spawn("nginx", args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGQUIT");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`nginx exited before answering:\n${stderr}`);
    }
    try {
      const response = await fetch(`${url}/`, { signal: AbortSignal.timeout(1_000) });
      await response.body?.cancel();
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`nginx did not answer on ${url}:\n${stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  if (child.pid === undefined) throw new Error("nginx started without a pid");
  return { url, pid: child.pid, stop };
}
