/**
 * Side by side under wrk, in one run: nginx serving the region's JSON file (this machine's
 * static-file ceiling), a hello-world Worker (the runtime's floor, same workerd), our Worker warm
 * (`?field=ImageId` and the full JSON answer), and our Worker cold (no edge cache, memo TTL 0, so
 * every request reads the origin, s3rver, through the counting proxy). The order alternates
 * round by round and each figure is the median of its rounds.
 */
import { startNginx } from "./nginx.ts";
import type { ServingStack } from "./serving.ts";
import { type RunningWorkerd, startWorkerd, writeScript } from "./workerd.ts";
import { corePlan, median, pin, type WrkResult, wrk } from "./wrk.ts";

export const TARGETS = [
  "nginx",
  "hello",
  "hello-same-headers",
  "warm-imageid",
  "warm-json",
  "cold-imageid",
] as const;
export type Target = (typeof TARGETS)[number];

export const TARGET_LABELS: Readonly<Record<Target, string>> = {
  nginx: "a. nginx, the region's JSON file",
  hello: "b. hello-world Worker (same workerd)",
  "hello-same-headers": "b′. hello-world Worker sending our `?field=ImageId` answer's bytes and headers",
  "warm-imageid": "c. our Worker, warm, `?field=ImageId`",
  "warm-json": "c. our Worker, warm, full JSON",
  "cold-imageid": "d. our Worker, edge cache and memo cold, `?field=ImageId`",
};

export interface ThroughputPlan {
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  threads: number;
  connections: number;
  /** The second, low-concurrency set of rounds, where queueing does not set the tail. */
  fewConnections: number;
}

/** Measured again at {@link ThroughputPlan.fewConnections}: the floors and our warm answer. */
export const FEW_CONNECTION_TARGETS = ["hello", "hello-same-headers", "warm-imageid"] as const;

export interface TargetFigures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Each round's req/s, in run order. */
  rounds: number[];
  /** Each round's p99 (ms), in run order. */
  p99Rounds: number[];
  errors: number;
}

export interface ThroughputResult {
  figures: Record<Target, TargetFigures>;
  /** The same measure at {@link ThroughputPlan.fewConnections}. */
  fewConnections: Record<(typeof FEW_CONNECTION_TARGETS)[number], TargetFigures>;
  /** What served, on which core, what wrk ran on. */
  pinning: string;
  /** Origin GETs counted by the proxy during the cold rounds. */
  coldOriginGets: number;
}

const REGION = "us-east-1";
const HELLO = `export default { fetch() { return new Response("ami-0006118602dfc1c09\\n", { headers: { "content-type": "text/plain; charset=utf-8" } }); } };\n`;

/**
 * A constant Worker answering with the very body and headers our Worker sends for `url` (but for
 * Date and Content-Length, which workerd writes): the floor for an answer that carries the HTTP
 * contract's caching, validator and CORS headers.
 */
async function sameHeadersScript(url: string): Promise<string> {
  await fetch(url).then((r) => r.arrayBuffer());
  const response = await fetch(url);
  const body = await response.text();
  const headers = Object.fromEntries(
    [...response.headers].filter(([name]) => name !== "date" && name !== "content-length"),
  );
  return `export default { fetch() { return new Response(${JSON.stringify(body)}, { headers: ${JSON.stringify(headers)} }); } };\n`;
}

/** One target's rounds as medians, with each round's req/s and p99. */
function summary(results: readonly WrkResult[]): TargetFigures {
  return {
    requestsPerSecond: median(results.map((r) => r.requestsPerSecond)),
    p50Ms: median(results.map((r) => r.p50Ms)),
    p99Ms: median(results.map((r) => r.p99Ms)),
    rounds: results.map((r) => Math.round(r.requestsPerSecond)),
    p99Rounds: results.map((r) => Math.round(r.p99Ms)),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
  };
}

/** Runs the six targets under wrk, alternating their order round by round. */
export async function measureThroughput(
  serving: ServingStack,
  workerScript: string,
  plan: ThroughputPlan,
): Promise<ThroughputResult> {
  const cores = corePlan();
  const document = await fetch(`${serving.stack.originUrl}/${REGION}.json`).then((r) => r.text());
  const hello = await writeScript("hello.js", HELLO);
  const scripts = [hello];
  const started: { stop(): Promise<void> }[] = [];
  try {
    const nginx = await startNginx({ [`${REGION}.json`]: document }, cores.server);
    started.push(nginx);
    const workerd = async (script: string, bindings: Record<string, string>, cache: "memory" | "off") => {
      const running: RunningWorkerd = await startWorkerd({ script, bindings, cache });
      started.push(running);
      await pin(running.pid, cores.server);
      return running;
    };
    const helloWorker = await workerd(hello.path, {}, "memory");
    const warm = await workerd(workerScript, { ORIGIN_URL: serving.originUrl }, "memory");
    const cold = await workerd(workerScript, { ORIGIN_URL: serving.originUrl, CACHE_TTL_S: "0" }, "off");
    const sameHeaders = await writeScript(
      "same-headers.js",
      await sameHeadersScript(`${warm.url}/latest/${REGION}?field=ImageId`),
    );
    scripts.push(sameHeaders);
    const sameHeadersWorker = await workerd(sameHeaders.path, {}, "memory");
    const urls: Record<Target, string> = {
      nginx: `${nginx.url}/${REGION}.json`,
      hello: `${helloWorker.url}/latest/${REGION}?field=ImageId`,
      "hello-same-headers": `${sameHeadersWorker.url}/latest/${REGION}?field=ImageId`,
      "warm-imageid": `${warm.url}/latest/${REGION}?field=ImageId`,
      "warm-json": `${warm.url}/latest/${REGION}`,
      "cold-imageid": `${cold.url}/latest/${REGION}?field=ImageId`,
    };
    const load = (url: string, seconds: number, connections = plan.connections) =>
      wrk({ url, seconds, threads: plan.threads, connections, cpus: cores.load });
    for (const target of TARGETS) await load(urls[target], plan.warmupSeconds);

    let coldOriginGets = 0;
    const rounds = async <T extends Target>(targets: readonly T[], connections: number) => {
      const runs = new Map<T, WrkResult[]>(targets.map((target) => [target, []]));
      for (let round = 0; round < plan.rounds; round++) {
        const order = round % 2 === 0 ? targets : [...targets].reverse();
        for (const target of order) {
          const before = serving.originGets();
          runs.get(target)?.push(await load(urls[target], plan.seconds, connections));
          if (target === "cold-imageid") coldOriginGets += serving.originGets() - before;
        }
      }
      return Object.fromEntries(targets.map((target) => [target, summary(runs.get(target) ?? [])])) as Record<
        T,
        TargetFigures
      >;
    };
    const figures = await rounds(TARGETS, plan.connections);
    const fewConnections = await rounds(FEW_CONNECTION_TARGETS, plan.fewConnections);
    const pinning =
      cores.server !== undefined
        ? `servers (nginx, workerd) pinned to core ${cores.server} with taskset; wrk on core ${cores.load}`
        : "one core: nothing pinned";
    return { figures, fewConnections, pinning, coldOriginGets };
  } finally {
    for (const server of started.reverse()) await server.stop();
    for (const script of scripts) await script.remove();
  }
}
