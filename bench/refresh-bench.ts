/**
 * The refresher end to end at a fixed latency added to every AWS call (the local endpoint's fault
 * layer): a full refresh through the fan-out (DescribeRegions, one async Invoke a region, each
 * region function's SSM walk and DescribeImages), until every invocation has finished; then the
 * seed-style resolver at the same latency for comparison. Wall time and AWS calls by action.
 */

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SSM_PATHS } from "../contract/families.ts";
import { SSM_PAGE_SIZE } from "../refresher/aws-reads.ts";
import { handler as fanout } from "../refresher/handlers/fanout.ts";
import { agreement, seedResolve } from "./seed-resolver.ts";
import type { ServingStack } from "./serving.ts";

export interface RefreshRun {
  wallMs: number;
  calls: Record<string, number>;
}

/**
 * The refresh's critical path, from the catalogue: a region function's SSM walks run side by side,
 * but each walk's pages follow one another (each needs the last one's NextToken), so the longest
 * walk sets the pace. Then: DescribeRegions → Invoke → that many pages → DescribeImages.
 */
export interface CriticalPath {
  region: string;
  path: string;
  parameters: number;
  pages: number;
  /** Dependent AWS calls from the fan-out's start to the slowest region's last read. */
  calls: number;
}

export function criticalPath(catalogueDir: string): CriticalPath {
  let deepest: CriticalPath | undefined;
  for (const file of readdirSync(catalogueDir)
    .filter((name) => name.endsWith(".json"))
    .sort()) {
    const region = JSON.parse(readFileSync(join(catalogueDir, file), "utf8")) as {
      Region: string;
      SsmParameters: { Name: string }[];
    };
    for (const path of SSM_PATHS) {
      const parameters = region.SsmParameters.filter((p) => p.Name.startsWith(path)).length;
      const pages = Math.max(1, Math.ceil(parameters / SSM_PAGE_SIZE));
      if (!deepest || pages > deepest.pages) {
        deepest = { region: region.Region, path, parameters, pages, calls: pages + 3 };
      }
    }
  }
  if (!deepest) throw new Error(`no region catalogue in ${catalogueDir}`);
  return deepest;
}

export interface RefreshResult {
  latencyMs: number;
  criticalPath: CriticalPath;
  refresher: RefreshRun;
  seed: RefreshRun & { agree: number; compared: number; families: number };
}

/** The catalogue the serving stack's local AWS endpoint serves. */
const SNAPSHOT_DIR = new URL("../local/fixtures/aws-snapshot/", import.meta.url).pathname;

function callsSince(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after)
      .map(([action, count]) => [action, count - (before[action] ?? 0)] as const)
      .filter(([, count]) => count > 0)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

async function timed(serving: ServingStack, work: () => Promise<void>): Promise<RefreshRun> {
  const before = serving.stack.aws.calls();
  const started = performance.now();
  await work();
  const wallMs = performance.now() - started;
  return { wallMs, calls: callsSince(before, serving.stack.aws.calls()) };
}

/** Both resolvers, one after the other, with `latencyMs` added to every AWS call. */
export async function measureRefresh(serving: ServingStack, latencyMs: number): Promise<RefreshResult> {
  const heal = serving.stack.aws.addFault({ kind: { type: "latency", ms: latencyMs } });
  try {
    const refresher = await timed(serving, async () => {
      const report = await fanout();
      await serving.stack.aws.idle();
      if (Object.keys(report.failed).length > 0)
        throw new Error(`fan-out failed: ${JSON.stringify(report.failed)}`);
    });
    let resolution: Awaited<ReturnType<typeof seedResolve>> | undefined;
    const seed = await timed(serving, async () => {
      resolution = await seedResolve();
    });
    if (!resolution) throw new Error("the seed resolver returned nothing");
    return {
      latencyMs,
      criticalPath: criticalPath(SNAPSHOT_DIR),
      refresher,
      seed: { ...seed, ...agreement(resolution, serving.documents), families: resolution.families },
    };
  } finally {
    heal();
  }
}
