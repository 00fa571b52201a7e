/**
 * `npm run load`: 100,000 requests at 64 connections over a realistic mix of URLs (every region,
 * aliases and families, field selections, text and JSON, every region at once, conditional
 * requests, HEAD, and wrong requests) against the bundled Worker in `workerd serve`, reading a
 * local S3 filled by a real refresh through a counting proxy. Every response's status is checked
 * against the one its URL must get. Exits non-zero on any transport error or unexpected status.
 * Writes the "load" section of bench/RELIABILITY.md.
 */
import "../local/quiet.ts";
import autocannon, { type Client, type Request as LoadRequest, type Result } from "autocannon";
import { skipHeadBodies } from "./autocannon-head.ts";
import { loadMix, type MixRequest, type RegionFacts } from "./load-mix.ts";
import { machineFacts } from "./machine.ts";
import { markdownTable, writeReportSection } from "./report.ts";
import { type ServingStack, startServingStack } from "./serving.ts";
import { buildWorkerBundle, type RunningWorkerd, startWorkerd } from "./workerd.ts";

const REQUESTS = 100_000;
const CONNECTIONS = 64;
/** Far above a healthy run (seconds); a run this long has hung, and is stopped and failed. */
const WALL_LIMIT_MS = 300_000;
/** One request slower than this is a transport error, not a slow answer. */
const REQUEST_TIMEOUT_S = 10;
const REPORT = new URL("./RELIABILITY.md", import.meta.url).pathname;
const COMMAND = "npm run load";

/** A response's validators, read once from a throwaway Worker so the measured one starts cold. */
async function validators(url: string, path: string): Promise<{ etag: string; lastModified: string }> {
  const response = await fetch(`${url}${path}`);
  await response.body?.cancel();
  const etag = response.headers.get("etag");
  const lastModified = response.headers.get("last-modified");
  if (response.status !== 200 || etag === null || lastModified === null) {
    throw new Error(`GET ${path} answered ${response.status} without validators; cannot build the mix`);
  }
  return { etag, lastModified };
}

async function buildMix(serving: ServingStack, script: string): Promise<MixRequest[]> {
  const workerd = await startWorkerd({ script, bindings: { ORIGIN_URL: serving.originUrl } });
  try {
    const regions = new Map<string, RegionFacts>();
    for (const region of serving.regions) {
      const document = serving.documents.get(region);
      if (!document) throw new Error(`no document for ${region}`);
      const { etag } = await validators(workerd.url, `/latest/${region}?field=ImageId`);
      const { lastModified } = await validators(workerd.url, `/latest/${region}`);
      regions.set(region, { document, imageIdEtag: etag, lastModified });
    }
    return loadMix(regions, (await validators(workerd.url, "/latest")).etag);
  } finally {
    await workerd.stop();
  }
}

interface Tally {
  responses: number;
  byKind: Map<string, { requests: number; unexpected: number }>;
  unexpected: number;
  examples: string[];
}

function toLoadRequest(request: MixRequest, tally: Tally): LoadRequest {
  return {
    method: request.method,
    path: request.path,
    headers: request.headers,
    onResponse: (status: number) => {
      tally.responses++;
      const kind = tally.byKind.get(request.kind) ?? { requests: 0, unexpected: 0 };
      kind.requests++;
      if (status !== request.expected) {
        kind.unexpected++;
        tally.unexpected++;
        if (tally.examples.length < 10) {
          tally.examples.push(`${request.method} ${request.path}: ${status}, expected ${request.expected}`);
        }
      }
      tally.byKind.set(request.kind, kind);
    },
  };
}

/** Runs autocannon; each connection starts at its own place in the mix, so the first burst is spread. */
function fire(url: string, mix: MixRequest[], tally: Tally): Promise<Result> {
  const requests = mix.map((request) => toLoadRequest(request, tally));
  let client = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: CONNECTIONS,
        amount: REQUESTS,
        timeout: REQUEST_TIMEOUT_S,
        requests,
        setupClient: (connection: Client) => {
          skipHeadBodies(connection);
          const start = Math.floor((client++ * requests.length) / CONNECTIONS);
          connection.setRequests([...requests.slice(start), ...requests.slice(0, start)]);
        },
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    const limit = setTimeout(() => {
      instance.stop();
      reject(new Error(`the load did not finish within ${WALL_LIMIT_MS / 1000} s`));
    }, WALL_LIMIT_MS);
    instance.on("done", () => clearTimeout(limit));
  });
}

function report(
  result: Result,
  tally: Tally,
  originGets: number,
  mixSize: number,
  machine: [string, string][],
) {
  const seconds = result.duration;
  // autocannon counts timeouts among its errors.
  const transportErrors = result.errors;
  const kinds = [...tally.byKind].sort(([a], [b]) => a.localeCompare(b));
  const rows: [string, string][] = [
    ["requests answered", `${tally.responses.toLocaleString("en")} of ${REQUESTS.toLocaleString("en")}`],
    ["connections", String(CONNECTIONS)],
    ["wall time", `${seconds.toFixed(1)} s`],
    ["req/s", Math.round(tally.responses / seconds).toLocaleString("en")],
    ["latency p50 / p99 / max", `${result.latency.p50} / ${result.latency.p99} / ${result.latency.max} ms`],
    ["transport errors (incl. timeouts)", `${transportErrors} (timeouts ${result.timeouts})`],
    ["unexpected statuses", String(tally.unexpected)],
    ["origin GETs (cold Worker, whole run)", String(originGets)],
  ];
  const markdown = [
    "## Load",
    "",
    `\`${COMMAND}\` (bench/load.ts), ${new Date().toISOString().slice(0, 10)}: the Worker bundle in \`workerd serve\`` +
      " (edge cache: in-memory cache service; memo and cache cold at the start), a local S3 filled by one real" +
      ` refresh behind a counting proxy; autocannon, ${CONNECTIONS} connections, ${REQUESTS.toLocaleString("en")}` +
      ` requests cycling through ${mixSize} URLs. Every status is checked against the one its URL must get.`,
    "",
    markdownTable(["", "figure"], rows),
    "",
    markdownTable(
      ["kind", "requests", "unexpected"],
      kinds.map(([kind, counts]) => [kind, counts.requests, counts.unexpected]),
    ),
    "",
    tally.examples.length ? `Unexpected: ${tally.examples.map((e) => `\`${e}\``).join("; ")}` : "",
    `Machine: ${machine.map(([name, value]) => `${name} ${value}`).join("; ")}.`,
  ].join("\n");
  return { rows, markdown, transportErrors };
}

async function main(): Promise<number> {
  const serving = await startServingStack();
  const bundle = await buildWorkerBundle();
  let workerd: RunningWorkerd | undefined;
  try {
    const mix = await buildMix(serving, bundle.main);
    await serving.resetCounts();
    workerd = await startWorkerd({ script: bundle.main, bindings: { ORIGIN_URL: serving.originUrl } });
    const tally: Tally = { responses: 0, byKind: new Map(), unexpected: 0, examples: [] };
    console.log(
      `load: ${REQUESTS} requests, ${CONNECTIONS} connections, ${mix.length} URLs → ${workerd.url}`,
    );
    const result = await fire(workerd.url, mix, tally);
    const { rows, markdown, transportErrors } = report(
      result,
      tally,
      serving.originGets(),
      mix.length,
      await machineFacts(),
    );
    for (const [name, value] of rows) console.log(`  ${name.padEnd(38)} ${value}`);
    for (const example of tally.examples) console.log(`  unexpected: ${example}`);
    writeReportSection(REPORT, "load", markdown);
    console.log(`wrote the "load" section of ${REPORT}`);
    const failed = transportErrors > 0 || tally.unexpected > 0 || tally.responses !== REQUESTS;
    if (failed) console.error("load: FAILED (transport errors, unexpected statuses or missing responses)");
    return failed ? 1 : 0;
  } finally {
    await workerd?.stop();
    await bundle.remove();
    await serving.close();
  }
}

process.exitCode = await main();
