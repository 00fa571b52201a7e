/**
 * The refresher end to end at a fixed latency added to every AWS call (the local endpoint's fault
 * layer): a full refresh through the fan-out (DescribeRegions, one async Invoke a region, each
 * region function's SSM walk and DescribeImages), until every invocation has finished; then the
 * seed-style resolver at the same latency for comparison. Wall time and AWS calls by action.
 */

import { handler as fanout } from "../refresher/handlers/fanout.ts";
import { agreement, seedResolve } from "./seed-resolver.ts";
import type { ServingStack } from "./serving.ts";

export interface RefreshRun {
  wallMs: number;
  calls: Record<string, number>;
}

export interface RefreshResult {
  latencyMs: number;
  refresher: RefreshRun;
  seed: RefreshRun & { agree: number; compared: number; families: number };
}

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
      refresher,
      seed: { ...seed, ...agreement(resolution, serving.documents), families: resolution.families },
    };
  } finally {
    heal();
  }
}
