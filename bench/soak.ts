/**
 * `npm run soak`: 50 consecutive full refreshes (the fan-out, then every asynchronous region
 * invocation with Lambda's retries) of all 30 regions, each with random faults on about 20% of
 * AWS calls (throttling, 5xx, truncated and malformed bodies, added latency, an image
 * DescribeImages does not return) and S3 write failures. After every round the whole store is read
 * back from the real S3 server and audited against the round before: every object valid, no
 * document older, no family dropped, no ImageId replaced by an older one. Exits non-zero on any
 * violation. Writes the "soak" section of bench/RELIABILITY.md.
 */
import "../local/quiet.ts";
import { S3Client } from "@aws-sdk/client-s3";
import { DEFAULT_FAMILY } from "../contract/families.ts";
import type { AwsFault } from "../local/aws/fault.ts";
import { LOCAL_BUCKET, LOCAL_PREFIX, startLocalStack } from "../local/stack.ts";
import { handler as fanout } from "../refresher/handlers/fanout.ts";
import { auditStore, readStore, refreshedRegions } from "../test/reliability/store-audit.ts";
import { markdownTable } from "./markdown.ts";
import { RELIABILITY_REPORT, writeReliabilitySection } from "./reliability-report.ts";

const ROUNDS = Number(process.env.SOAK_ROUNDS ?? 50);
const COMMAND = "npm run soak";

/**
 * The faults of every round: their rates add up to 0.2 of the calls each service gets. The image
 * dropped is one region's default image, so "stale" is exercised too.
 */
function roundFaults(droppedImage: string): AwsFault[] {
  return [
    { service: "ssm", rate: 0.05, kind: { type: "error", code: "ThrottlingException" } },
    { service: "ec2", rate: 0.05, kind: { type: "error", code: "RequestLimitExceeded" } },
    { rate: 0.04, kind: { type: "error", code: "InternalError" } },
    { rate: 0.03, kind: { type: "truncated" } },
    { rate: 0.02, kind: { type: "malformed" } },
    { rate: 0.01, kind: { type: "latency", ms: 200 } },
    {
      service: "ec2",
      action: "DescribeImages",
      rate: 0.2,
      kind: { type: "drop-image", imageId: droppedImage },
    },
  ];
}

interface Round {
  refreshed: number;
  failedAttempts: number;
  stale: number;
  faults: number;
  checks: number;
  violations: string[];
  ms: number;
}

function median(values: number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main(): Promise<number> {
  let failedAttempts = 0;
  const stack = await startLocalStack({
    onRegionDone: (_event, outcome) => {
      if (!outcome.ok) failedAttempts++;
    },
  });
  const s3 = new S3Client({ forcePathStyle: true });
  const started = performance.now();
  const rounds: Round[] = [];
  const faultsByKind = new Map<string, number>();
  try {
    await fanout();
    await stack.aws.idle();
    let before = await readStore(s3, LOCAL_BUCKET, LOCAL_PREFIX);
    const initial = auditStore(undefined, before);
    if (initial.violations.length > 0 || before.documents.size === 0) {
      throw new Error(`the first, fault-free refresh is not clean: ${initial.violations.join("; ")}`);
    }
    const droppedImage = before.documents.get("us-east-1")?.Images[DEFAULT_FAMILY]?.ImageId ?? "";
    console.log(
      `soak: ${ROUNDS} full refreshes of ${before.documents.size} regions, faults on ~20% of AWS calls`,
    );
    for (let round = 1; round <= ROUNDS; round++) {
      stack.aws.clearFaults();
      for (const fault of roundFaults(droppedImage)) stack.aws.addFault(fault);
      // S3 hiccups too: a few SlowDowns on a region's writes, which the SDK's retries absorb or the
      // Lambda retry repeats.
      stack.s3.failWrites(round % 3 ? { status: 503, code: "SlowDown", times: round % 3 } : undefined);
      failedAttempts = 0;
      const roundStarted = performance.now();
      try {
        await fanout();
      } catch (error) {
        // DescribeRegions itself failed: the schedule would try again in six hours; the store stays.
        console.log(
          `  round ${round}: the fan-out failed: ${error instanceof Error ? error.message : error}`,
        );
      }
      await stack.aws.idle();
      const injected = stack.aws.faultsInjected();
      stack.aws.clearFaults();
      stack.s3.failWrites(undefined);
      const after = await readStore(s3, LOCAL_BUCKET, LOCAL_PREFIX);
      const audit = auditStore(before, after);
      for (const [kind, count] of Object.entries(injected)) {
        faultsByKind.set(kind, (faultsByKind.get(kind) ?? 0) + count);
      }
      const stale = [...after.documents.values()].reduce(
        (sum, document) => sum + Object.keys(document.Stale ?? {}).length,
        0,
      );
      rounds.push({
        refreshed: refreshedRegions(before, after).length,
        failedAttempts,
        stale,
        faults: Object.values(injected).reduce((sum, count) => sum + count, 0),
        checks: audit.checks,
        violations: audit.violations,
        ms: performance.now() - roundStarted,
      });
      const last = rounds.at(-1);
      console.log(
        `  round ${String(round).padStart(2)}: ${last?.refreshed} regions refreshed, ${last?.faults} faults, ` +
          `${last?.failedAttempts} failed attempts retried, ${stale} stale families, ${audit.violations.length} violations`,
      );
      before = after;
    }
    // A clean refresh at the end: everything heals, nothing stays stale.
    await fanout();
    await stack.aws.idle();
    const healed = await readStore(s3, LOCAL_BUCKET, LOCAL_PREFIX);
    const final = auditStore(before, healed);
    const staleAfter = [...healed.documents.values()].reduce(
      (sum, document) => sum + Object.keys(document.Stale ?? {}).length,
      0,
    );
    const violations = [...rounds.flatMap((round) => round.violations), ...final.violations];
    const seconds = (performance.now() - started) / 1000;
    const rows: [string, string | number][] = [
      ["rounds (full refreshes under faults)", rounds.length],
      ["regions a round", healed.documents.size],
      ["faults injected (AWS)", rounds.reduce((sum, round) => sum + round.faults, 0)],
      ["S3 PutObject 503s", "0, 1 or 2 a round (round mod 3)"],
      ["region invocations that failed and were retried", rounds.reduce((s, r) => s + r.failedAttempts, 0)],
      [
        "regions refreshed a round: min / median",
        `${Math.min(...rounds.map((r) => r.refreshed))} / ${median(rounds.map((r) => r.refreshed))}`,
      ],
      ["stale family marks, most in one round", Math.max(...rounds.map((r) => r.stale))],
      ["stale families after a clean refresh", staleAfter],
      ["audit checks", rounds.reduce((sum, round) => sum + round.checks, 0) + final.checks],
      ["violations (invalid, older, dropped, replaced by older)", violations.length],
      [
        "round time: median / max",
        `${(median(rounds.map((r) => r.ms)) / 1000).toFixed(2)} s / ${(Math.max(...rounds.map((r) => r.ms)) / 1000).toFixed(2)} s`,
      ],
      ["wall time", `${seconds.toFixed(1)} s`],
    ];
    const markdown = [
      "## Soak",
      "",
      `\`${COMMAND}\` (bench/soak.ts), ${new Date().toISOString().slice(0, 10)}: ${rounds.length} consecutive full ` +
        "refreshes of every region through the fan-out and asynchronous region invocations (with Lambda's " +
        "retries), each with random AWS faults on about 20% of calls and S3 write failures; the whole store " +
        "read back from S3 and audited after every round against the round before.",
      "",
      markdownTable(["", "figure"], rows),
      "",
      markdownTable(
        ["fault", "injected"],
        [...faultsByKind].sort(([a], [b]) => a.localeCompare(b)),
      ),
      ...(violations.length
        ? [
            "",
            `Violations: ${violations
              .slice(0, 10)
              .map((v) => `\`${v}\``)
              .join("; ")}`,
          ]
        : []),
    ].join("\n");
    for (const [name, value] of rows) console.log(`  ${name.padEnd(56)} ${value}`);
    writeReliabilitySection("soak", markdown);
    console.log(`wrote the "soak" section of ${RELIABILITY_REPORT}`);
    if (violations.length > 0 || staleAfter > 0) {
      console.error(`soak: FAILED: ${violations.length} violations, ${staleAfter} stale after healing`);
      return 1;
    }
    return 0;
  } finally {
    await stack.close();
  }
}

process.exitCode = await main();
