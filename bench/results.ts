/**
 * bench/RESULTS.md's figures as Markdown: what ran, where, and a table per part, then every
 * target of the benchmark issue with the figure it is judged by. Pure: bench.ts measures.
 */

import { SSM_PAGE_SIZE } from "../refresher/aws-reads.ts";
import type { AmplificationResult } from "./amplification.ts";
import type { RefreshResult } from "./refresh-bench.ts";
import { markdownTable } from "./report.ts";
import type { HANDLERS, HandlerFigures } from "./sizes.ts";
import {
  FEW_CONNECTION_TARGETS,
  TARGET_LABELS,
  TARGETS,
  type ThroughputPlan,
  type ThroughputResult,
} from "./throughput.ts";

export interface BenchFigures {
  mode: "full" | "quick";
  command: string;
  machine: [string, string][];
  date: string;
  durationS: number;
  plan: {
    throughput: ThroughputPlan;
    burst: { requests: number; inFlight: number };
    refreshLatencyMs: number;
    initProcesses: number;
  };
  throughput: ThroughputResult;
  amplification: AmplificationResult;
  refresh: RefreshResult;
  workerBundle: { bytes: number; gzipBytes: number };
  handlers: Record<keyof typeof HANDLERS, HandlerFigures>;
}

/** Limits from the benchmark issue. */
export const TARGET_LIMITS = {
  warmOverFloor: 0.9,
  p99OverFloor: 1.2,
  originGets: 30,
  refreshWallMs: 3_000,
  workerGzipBytes: 64 * 1024,
  lambdaBytes: 1024 * 1024,
  initMs: 150,
};

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const ms = (n: number) => n.toFixed(2);
const ratio = (n: number) => n.toFixed(2);
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const yes = (ok: boolean) => (ok ? "met" : "**missed**");

function callList(calls: Record<string, number>): string {
  return Object.entries(calls)
    .map(([action, count]) => `${action} ${count}`)
    .join(", ");
}

/** The derived ratios: c/b, c/b′, b′/b, c/a, d/c, and c's p99 over b's and b′'s. */
export function ratios(throughput: ThroughputResult) {
  const f = throughput.figures;
  const few = throughput.fewConnections;
  return {
    warmImageIdOverHello: f["warm-imageid"].requestsPerSecond / f.hello.requestsPerSecond,
    warmJsonOverHello: f["warm-json"].requestsPerSecond / f.hello.requestsPerSecond,
    warmImageIdP99OverHelloP99: f["warm-imageid"].p99Ms / f.hello.p99Ms,
    warmImageIdOverSameHeaders:
      f["warm-imageid"].requestsPerSecond / f["hello-same-headers"].requestsPerSecond,
    warmImageIdP99OverSameHeadersP99: f["warm-imageid"].p99Ms / f["hello-same-headers"].p99Ms,
    sameHeadersOverHello: f["hello-same-headers"].requestsPerSecond / f.hello.requestsPerSecond,
    fewWarmP99OverHelloP99: few["warm-imageid"].p99Ms / few.hello.p99Ms,
    fewWarmP99OverSameHeadersP99: few["warm-imageid"].p99Ms / few["hello-same-headers"].p99Ms,
    warmImageIdOverNginx: f["warm-imageid"].requestsPerSecond / f.nginx.requestsPerSecond,
    warmJsonOverNginx: f["warm-json"].requestsPerSecond / f.nginx.requestsPerSecond,
    coldOverWarm: f["cold-imageid"].requestsPerSecond / f["warm-imageid"].requestsPerSecond,
  };
}

/** The whole generated part of RESULTS.md. */
export function renderResults(b: BenchFigures): string {
  const t = b.plan.throughput;
  const r = ratios(b.throughput);
  const f = b.throughput.figures;
  const region = b.handlers.region;
  const fanout = b.handlers["fan-out"];
  const L = TARGET_LIMITS;
  const refresher = b.refresh.refresher;
  const cp = b.refresh.criticalPath;
  const nameSearches = refresher.calls["ec2:DescribeImages"] ?? 0;
  const regions = b.amplification.regions;
  return `## Figures (${b.mode} run)

Command: \`${b.command}\` (${b.date}, ${b.durationS} s). Everything below is from that one run.

${markdownTable(["machine", ""], b.machine)}

### Serving (wrk on loopback)

\`wrk -t${t.threads} -c${t.connections} -d${t.seconds}s --latency\`, ${t.rounds} rounds after a ${t.warmupSeconds} s warm-up of
each target; the order of the six targets alternates (forward, reverse) from round to round; each
figure is the median over the rounds. ${b.throughput.pinning}. The Worker is the bundle
\`wrangler deploy --dry-run\` writes, in \`workerd serve\` with a generated config (never
\`wrangler dev\`), \`caches.default\` backed by an in-memory cache service; cold (d) has no edge
cache and \`CACHE_TTL_S=0\`, so every request reads the origin (s3rver through the counting proxy;
concurrent reads of one key share one GET): ${int(b.throughput.coldOriginGets)} origin GETs during its rounds.

${markdownTable(
  ["target", "req/s", "p50 ms", "p99 ms", "req/s by round", "p99 ms by round", "errors"],
  TARGETS.map((target) => [
    TARGET_LABELS[target],
    int(f[target].requestsPerSecond),
    ms(f[target].p50Ms),
    ms(f[target].p99Ms),
    f[target].rounds.join(", "),
    f[target].p99Rounds.join(", "),
    f[target].errors,
  ]),
)}

The same, for the floors and our warm answer, at ${t.fewConnections} connections (where a request
waits behind few others, so the tail is not queueing):

${markdownTable(
  ["target", "req/s", "p50 ms", "p99 ms", "req/s by round", "p99 ms by round", "errors"],
  FEW_CONNECTION_TARGETS.map((target) => {
    const few = b.throughput.fewConnections[target];
    return [
      TARGET_LABELS[target],
      int(few.requestsPerSecond),
      ms(few.p50Ms),
      ms(few.p99Ms),
      few.rounds.join(", "),
      few.p99Rounds.join(", "),
      few.errors,
    ];
  }),
)}

${markdownTable(
  ["ratio", "value"],
  [
    ["c/b, `?field=ImageId` warm over hello-world", ratio(r.warmImageIdOverHello)],
    ["c/b, full JSON warm over hello-world", ratio(r.warmJsonOverHello)],
    ["c's p99 / b's p99 (`?field=ImageId`)", ratio(r.warmImageIdP99OverHelloP99)],
    [
      "c/b′, `?field=ImageId` warm over the same bytes and headers sent by a constant Worker",
      ratio(r.warmImageIdOverSameHeaders),
    ],
    ["c's p99 / b′'s p99 (`?field=ImageId`)", ratio(r.warmImageIdP99OverSameHeadersP99)],
    [`c's p99 / b's p99 at ${t.fewConnections} connections`, ratio(r.fewWarmP99OverHelloP99)],
    [`c's p99 / b′'s p99 at ${t.fewConnections} connections`, ratio(r.fewWarmP99OverSameHeadersP99)],
    ["b′/b, what our answer's headers cost a constant Worker", ratio(r.sameHeadersOverHello)],
    ["c/a, `?field=ImageId` warm over nginx", ratio(r.warmImageIdOverNginx)],
    ["c/a, full JSON warm over nginx", ratio(r.warmJsonOverNginx)],
    ["d/c, cold over warm (`?field=ImageId`)", ratio(r.coldOverWarm)],
  ],
)}

### Origin amplification

${int(b.amplification.requests)} requests, ${b.amplification.inFlight} in flight, round-robin over ${regions} regions × ${b.amplification.shapes} URL shapes
(\`?field=ImageId\`, the JSON answer, an alias family), against a Worker that had read nothing.

${markdownTable(
  ["requests", "origin GETs", "floor (one a region)", "non-200 answers", "wall time"],
  [
    [
      int(b.amplification.requests),
      b.amplification.originGets,
      regions,
      b.amplification.failures,
      `${int(b.amplification.wallMs)} ms`,
    ],
  ],
)}

### Refresher, ${int(b.refresh.latencyMs)} ms added to every AWS call

Local AWS endpoint (fault layer: latency on every EC2, SSM and Lambda call; S3 is s3rver, not
slowed). The refresher: the fan-out handler, then every asynchronous region invocation to its end.
The seed-style resolver (bench/seed-resolver.ts, the baseline only): DescribeRegions, then one
DescribeImages name search (owner \`amazon\`) per family and region, all at once, newest
CreationDate wins; its picks compared with AWS's SSM answer as the refresher stored it.

${markdownTable(
  ["resolver", "wall time", "AWS calls by action", "agrees with SSM"],
  [
    [
      "refresher (fan-out → region functions)",
      `${int(refresher.wallMs)} ms`,
      callList(refresher.calls),
      "is the SSM answer",
    ],
    [
      `seed-style name searches (${b.refresh.seed.families} families)`,
      `${int(b.refresh.seed.wallMs)} ms`,
      callList(b.refresh.seed.calls),
      `${b.refresh.seed.agree} of ${b.refresh.seed.compared}`,
    ],
  ],
)}

Critical path: ${cp.region}'s walk of \`${cp.path}\` holds ${cp.parameters} parameters, ${cp.pages}
pages of ${SSM_PAGE_SIZE} that must follow one another (each needs the last one's NextToken); so
DescribeRegions → Invoke → ${cp.pages} pages → DescribeImages is ${cp.calls} dependent AWS calls, at least
${int(cp.calls * b.refresh.latencyMs)} ms at ${int(b.refresh.latencyMs)} ms a call.

### Sizes and start-up

Lambda bundles: esbuild with infra's \`BUNDLING\` options (minified ES module, the AWS SDK inside but for the credential providers Lambda never loads).
Init: a fresh Node ${b.machine.find(([name]) => name === "node")?.[1] ?? ""} process imports the bundle file; median of ${b.plan.initProcesses} processes.
The last two columns are comparisons, not what deploys.

${markdownTable(
  [
    "bundle",
    "size",
    "gzip",
    "module init (median)",
    "init by process",
    "SDK left to the runtime",
    "SDK schemas with literal keys",
  ],
  [
    [
      "Worker (wrangler deploy --dry-run)",
      kib(b.workerBundle.bytes),
      kib(b.workerBundle.gzipBytes),
      "",
      "",
      "",
      "",
    ],
    ...(
      [
        ["region function", region],
        ["fan-out function", fanout],
      ] as const
    ).map(([name, h]) => [
      name,
      kib(h.bytes),
      "",
      `${ms(h.initMsMedian)} ms`,
      h.initMsRuns.join(", "),
      kib(h.sdkExternalBytes),
      kib(h.literalSchemaKeysBytes),
    ]),
  ],
)}

### Targets

${markdownTable(
  ["target", "measured", ""],
  [
    [
      `c/b ≥ ${L.warmOverFloor} (\`?field=ImageId\`, warm)`,
      ratio(r.warmImageIdOverHello),
      yes(r.warmImageIdOverHello >= L.warmOverFloor),
    ],
    [
      `c's p99 ≤ ${L.p99OverFloor} × b's p99`,
      `${ratio(r.warmImageIdP99OverHelloP99)} ×`,
      yes(r.warmImageIdP99OverHelloP99 <= L.p99OverFloor),
    ],
    [
      `≤ ${L.originGets} origin GETs for the burst`,
      String(b.amplification.originGets),
      yes(b.amplification.originGets <= L.originGets),
    ],
    [
      `full refresh ≤ ${L.refreshWallMs / 1000} s at 1 s per AWS call`,
      b.refresh.latencyMs === 1000
        ? `${ms(refresher.wallMs / 1000)} s`
        : `not judged (${b.refresh.latencyMs} ms per call in this run)`,
      b.refresh.latencyMs === 1000 ? yes(refresher.wallMs <= L.refreshWallMs) : "",
    ],
    [
      "no name-search DescribeImages for SSM families",
      `${nameSearches} DescribeImages for ${regions} regions: one by image ID and one for the pattern families each`,
      yes(nameSearches <= 2 * regions),
    ],
    [
      `Worker bundle ≤ ${kib(L.workerGzipBytes)} gzip`,
      kib(b.workerBundle.gzipBytes),
      yes(b.workerBundle.gzipBytes <= L.workerGzipBytes),
    ],
    [
      `each Lambda bundle ≤ 1 MiB`,
      `${kib(region.bytes)}, ${kib(fanout.bytes)}`,
      yes(Math.max(region.bytes, fanout.bytes) <= L.lambdaBytes),
    ],
    [
      `module init ≤ ${L.initMs} ms median`,
      `${ms(region.initMsMedian)} ms, ${ms(fanout.initMsMedian)} ms`,
      yes(Math.max(region.initMsMedian, fanout.initMsMedian) <= L.initMs),
    ],
  ],
)}
`;
}
