/**
 * `npm run bench`: every figure of bench/RESULTS.md from one run on this machine.
 *
 *   node bench/bench.ts [--quick] [--out FILE]
 *
 * Serving (wrk against nginx, a hello-world Worker, our Worker warm and cold), origin
 * amplification (a burst against a cold Worker), the refresher at a fixed latency per AWS call
 * (and the seed-style resolver beside it), bundle sizes and module init times. `--quick` runs the
 * same code with short durations (CI runs it inside `npm test`, so the bench never rots); its
 * figures are for checking the bench works, not for reading.
 */
import "../local/quiet.ts";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { measureAmplification } from "./amplification.ts";
import { machineFacts } from "./machine.ts";
import { measureRefresh } from "./refresh-bench.ts";
import { writeReportSection } from "./report.ts";
import { renderResults } from "./results.ts";
import { startServingStack } from "./serving.ts";
import { measureHandlers } from "./sizes.ts";
import { measureThroughput, TARGETS } from "./throughput.ts";
import { buildWorkerBundle, PROJECT_ROOT } from "./workerd.ts";

export const PLANS = {
  full: {
    throughput: { rounds: 5, seconds: 5, warmupSeconds: 2, threads: 1, connections: 64, fewConnections: 8 },
    burst: { requests: 10_000, inFlight: 256 },
    refreshLatencyMs: 1_000,
    initProcesses: 9,
  },
  quick: {
    throughput: { rounds: 2, seconds: 1, warmupSeconds: 1, threads: 1, connections: 64, fewConnections: 8 },
    burst: { requests: 2_000, inFlight: 256 },
    refreshLatencyMs: 100,
    initProcesses: 3,
  },
} as const;

const { values } = parseArgs({
  options: { quick: { type: "boolean", default: false }, out: { type: "string" } },
});
const mode = values.quick ? "quick" : "full";
const plan = PLANS[mode];
const out = values.out ?? join(PROJECT_ROOT, "bench", "RESULTS.md");
const step = (text: string) => process.stderr.write(`bench: ${text}\n`);

const started = Date.now();
step("machine facts");
const machine = await machineFacts();
step("building the Worker bundle (wrangler deploy --dry-run)");
const bundle = await buildWorkerBundle();
step("local AWS, s3rver, one refresh");
const serving = await startServingStack();
try {
  step(
    `serving: ${plan.throughput.rounds} rounds × ${TARGETS.length} targets × ${plan.throughput.seconds} s under wrk`,
  );
  const throughput = await measureThroughput(serving, bundle.main, plan.throughput);
  step(`origin amplification: ${plan.burst.requests} requests`);
  const amplification = await measureAmplification(
    serving,
    bundle.main,
    plan.burst.requests,
    plan.burst.inFlight,
  );
  step(`refresher at ${plan.refreshLatencyMs} ms per AWS call, then the seed-style resolver`);
  const refresh = await measureRefresh(serving, plan.refreshLatencyMs);
  step(`Lambda bundles and init times (${plan.initProcesses} processes each)`);
  const handlers = await measureHandlers(plan.initProcesses);
  const markdown = renderResults({
    mode,
    command: values.quick ? "npm run bench -- --quick" : "npm run bench",
    machine,
    date: new Date(started).toISOString(),
    durationS: Math.round((Date.now() - started) / 1000),
    plan,
    throughput,
    amplification,
    refresh,
    workerBundle: { bytes: bundle.bytes, gzipBytes: bundle.gzipBytes },
    handlers,
  });
  // Only the generated section: the analysis written around it in RESULTS.md stays.
  writeReportSection(out, "figures", markdown);
  step(`wrote ${out}`);
  process.stdout.write(markdown);
} finally {
  await serving.close();
  await bundle.remove();
}
