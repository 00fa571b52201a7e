import { S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testReportsRequested, writeReliabilitySection } from "../../bench/reliability-report.ts";
import { markdownTable } from "../../bench/report.ts";
import type { AwsFault } from "../../local/aws/server.ts";
import type { WriteFault } from "../../local/s3.ts";
import { LOCAL_BUCKET, LOCAL_PREFIX, type LocalStack, startLocalStack } from "../../local/stack.ts";
import { handler as fanout } from "../../refresher/handlers/fanout.ts";
import { handler as regionHandler } from "../../refresher/handlers/region.ts";
import { REFRESH_DEADLINE_MS } from "../../refresher/refresh-region.ts";
import { type SmallCatalogue, smallCatalogue } from "./small-catalogue.ts";
import { auditStore, readStore, refreshedRegions, type StoreSnapshot } from "./store-audit.ts";

/**
 * The refresher under every kind of AWS and S3 fault, through the real SDK and real HTTP: the
 * local AWS endpoint's fault layer and the local S3's write faults. Each case runs the region
 * function (or the fan-out, where the fan-out is the point) under its faults, waits for every
 * asynchronous invocation, then audits every stored object against the store before it.
 */

/** A home region (DescribeRegions, the region list) and four others; me-south-1 is an opt-in region. */
const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2", "sa-east-1", "me-south-1"];
/** The region the single-region cases refresh. */
const R = "eu-west-1";
/** A family of R and its image, for the dropped-image case. */
const DROPPED_FAMILY = "al2023-ami-kernel-default-arm64";
/** The refresher's request timeout (refresher/clients.ts): how long one hung call is waited for. */
const REQUEST_TIMEOUT_MS = 10_000;

/** What a case must end with. */
type Expected =
  /** The refresh (every region, for the fan-out) wrote new documents. */
  | { outcome: "completed" }
  /** The region function (or the fan-out) threw this error; the store is unchanged but for `written`. */
  | { outcome: "failed cleanly"; error: string; written?: readonly string[] }
  /** The fan-out completed; `region` was skipped (AWS refuses it) and left as it was. */
  | { outcome: "skipped"; region: string };

interface FaultCase {
  /** The fault kind, as the report names it. */
  kind: string;
  /** The region function for R, or the fan-out over every region. */
  via: "region" | "fan-out";
  aws?: readonly AwsFault[];
  s3?: WriteFault;
  expected: Expected;
  /** Where timing is the behaviour (a hang given up, latency waited for): at most and at least. */
  withinMs?: number;
  atLeastMs?: number;
  /** A check beyond the outcome and the audit every case gets. */
  assess?: (before: StoreSnapshot, after: StoreSnapshot) => void;
}

let stack: LocalStack;
let catalogue: SmallCatalogue;
let s3: S3Client;
/** Every region function attempt the local Lambda ran, in order. */
const attempts: { region: string; ok: boolean; skipped: boolean }[] = [];
const rows: (string | number)[][] = [];

beforeAll(async () => {
  process.env.LOG_LEVEL = "error";
  catalogue = smallCatalogue(REGIONS);
  stack = await startLocalStack({
    catalogueDir: catalogue.dir,
    onRegionDone: (event, outcome) => {
      const region = (event as { region: string }).region;
      const skipped = outcome.ok && typeof outcome.result === "object" && outcome.result !== null;
      attempts.push({ region, ok: outcome.ok, skipped: skipped && "skipped" in (outcome.result as object) });
    },
  });
  s3 = new S3Client({ forcePathStyle: true });
  await fanout();
  await stack.aws.idle();
});

afterAll(async () => {
  if (rows.length && testReportsRequested()) {
    writeReliabilitySection(
      "refresh-faults",
      [
        "## Refresher under AWS and S3 faults",
        "",
        "`npm run reliability` (the suite is part of `npm test`, which does not write this): each fault injected through",
        "the local AWS endpoint's fault layer or the local S3's write faults, the refresh run through the real SDK,",
        `then every stored object audited against the store before it (valid, no older, no family lost, no image`,
        `replaced by an older one). Regions: ${REGIONS.join(", ")}; single-region cases refresh ${R}.`,
        "",
        markdownTable(
          [
            "fault kind",
            "via",
            "outcome",
            "faults injected",
            "objects checked",
            "checks",
            "violations",
            "duration",
          ],
          rows,
        ),
      ].join("\n"),
    );
  }
  await stack?.close();
  catalogue?.remove();
});

const CASES: FaultCase[] = [
  {
    kind: "throttling: EC2 `RequestLimitExceeded` (503), twice",
    via: "region",
    aws: [
      { service: "ec2", action: "DescribeImages", region: R, times: 2, kind: err("RequestLimitExceeded") },
    ],
    expected: { outcome: "completed" },
  },
  {
    kind: "throttling: SSM `ThrottlingException` (400) on page 2, twice",
    via: "region",
    aws: [
      {
        service: "ssm",
        action: "GetParametersByPath",
        region: R,
        after: 1,
        times: 2,
        kind: err("ThrottlingException"),
      },
    ],
    expected: { outcome: "completed" },
  },
  {
    kind: "EC2 500 `InternalError`, twice",
    via: "region",
    aws: [{ service: "ec2", action: "DescribeImages", region: R, times: 2, kind: err("InternalError") }],
    expected: { outcome: "completed" },
  },
  {
    kind: "SSM 503 `ServiceUnavailable`, twice",
    via: "region",
    aws: [{ service: "ssm", region: R, times: 2, kind: err("ServiceUnavailable") }],
    expected: { outcome: "completed" },
  },
  {
    kind: "EC2 500 `InternalError`, every call",
    via: "region",
    aws: [{ service: "ec2", region: R, kind: err("InternalError") }],
    expected: { outcome: "failed cleanly", error: `${R}: DescribeImages failed` },
  },
  {
    kind: "SSM 503 `ServiceUnavailable`, every call",
    via: "region",
    aws: [{ service: "ssm", region: R, kind: err("ServiceUnavailable") }],
    expected: { outcome: "failed cleanly", error: `${R}: SSM parameter walk failed` },
  },
  {
    kind: "added latency: 250 ms on every SSM and EC2 call",
    via: "region",
    aws: [
      { service: "ssm", region: R, kind: { type: "latency", ms: 250 } },
      { service: "ec2", region: R, kind: { type: "latency", ms: 250 } },
    ],
    expected: { outcome: "completed" },
    // At least one SSM page, then DescribeImages, one after the other.
    atLeastMs: 500,
  },
  {
    kind: "hang past the 10 s request timeout (DescribeImages, once)",
    via: "region",
    aws: [{ service: "ec2", action: "DescribeImages", region: R, times: 1, kind: { type: "hang" } }],
    expected: { outcome: "completed" },
    // The hung attempt is given up at the request timeout, the retry answers: inside the deadline.
    atLeastMs: REQUEST_TIMEOUT_MS,
    withinMs: REFRESH_DEADLINE_MS,
  },
  {
    kind: "`AuthFailure` (EC2) for me-south-1",
    via: "fan-out",
    aws: [{ service: "ec2", region: "me-south-1", kind: err("AuthFailure") }],
    expected: { outcome: "skipped", region: "me-south-1" },
  },
  {
    kind: "`OptInRequired` (SSM and EC2) for ap-southeast-2",
    via: "fan-out",
    aws: [
      { service: "ssm", region: "ap-southeast-2", kind: err("OptInRequired") },
      { service: "ec2", region: "ap-southeast-2", kind: err("OptInRequired") },
    ],
    expected: { outcome: "skipped", region: "ap-southeast-2" },
  },
  {
    kind: "an SSM value whose image DescribeImages does not return",
    via: "region",
    aws: [{ service: "ec2", region: R, kind: { type: "drop-image", imageId: "ami-0ab117b5527d5fe24" } }],
    expected: { outcome: "completed" },
    assess: (before, after) => {
      const document = after.documents.get(R);
      expect(document?.Images[DROPPED_FAMILY]).toEqual(before.documents.get(R)?.Images[DROPPED_FAMILY]);
      expect(document?.Stale?.[DROPPED_FAMILY]?.Reason).toBe("DescribeImages did not return this image");
    },
  },
  {
    kind: "truncated SSM body, every call",
    via: "region",
    aws: [{ service: "ssm", region: R, kind: { type: "truncated" } }],
    expected: { outcome: "failed cleanly", error: `${R}: SSM parameter walk failed` },
  },
  {
    kind: "malformed EC2 body, every call",
    via: "region",
    aws: [{ service: "ec2", region: R, kind: { type: "malformed" } }],
    expected: { outcome: "failed cleanly", error: `${R}: DescribeImages failed` },
  },
  {
    kind: "truncated EC2 body once, sa-east-1 (Lambda's retry)",
    via: "fan-out",
    aws: [
      {
        service: "ec2",
        action: "DescribeImages",
        region: "sa-east-1",
        times: 1,
        kind: { type: "truncated" },
      },
    ],
    expected: { outcome: "completed" },
  },
  {
    kind: "malformed SSM body once, ap-southeast-2 (Lambda's retry)",
    via: "fan-out",
    aws: [{ service: "ssm", region: "ap-southeast-2", times: 1, kind: { type: "malformed" } }],
    expected: { outcome: "completed" },
  },
  {
    kind: "throttling: Lambda Invoke `TooManyRequestsException` (429), twice",
    via: "fan-out",
    aws: [{ service: "lambda", action: "Invoke", times: 2, kind: err("TooManyRequestsException") }],
    expected: { outcome: "completed" },
  },
  {
    kind: "EC2 503 on DescribeRegions, every call",
    via: "fan-out",
    aws: [{ service: "ec2", action: "DescribeRegions", kind: err("ServiceUnavailable") }],
    expected: { outcome: "failed cleanly", error: "The request has failed due to a temporary failure" },
  },
  {
    kind: "throttling and 5xx at rate 0.2 on every AWS call of every region",
    via: "fan-out",
    aws: [
      { service: "ssm", rate: 0.1, kind: err("ThrottlingException") },
      { service: "ec2", rate: 0.1, kind: err("RequestLimitExceeded") },
      { rate: 0.1, kind: err("InternalError") },
    ],
    expected: { outcome: "completed" },
  },
  {
    kind: "S3 PutObject 503 `SlowDown`, twice (the document)",
    via: "region",
    s3: { status: 503, code: "SlowDown", match: `${R}.json`, times: 2 },
    expected: { outcome: "completed" },
  },
  {
    kind: "S3 PutObject 500 `InternalError`, every write of the document",
    via: "region",
    s3: { status: 500, code: "InternalError", match: `${LOCAL_PREFIX}/${R}.json` },
    expected: { outcome: "failed cleanly", error: `${R}: writing to S3 failed` },
  },
  {
    kind: "S3 PutObject 500 `InternalError`, every write of the history",
    via: "region",
    s3: { status: 500, code: "InternalError", match: `history/${R}.json` },
    // The document is written first; the history write then fails and the function reports it.
    expected: { outcome: "failed cleanly", error: `${R}: writing to S3 failed`, written: [`${R}.json`] },
  },
  {
    kind: "S3 PutObject 503 `SlowDown`, every write of regions.json",
    via: "fan-out",
    s3: { status: 503, code: "SlowDown", match: "regions.json" },
    // The regions are invoked before the list is written: they refresh; only the list stays as it was.
    expected: {
      outcome: "failed cleanly",
      error: "Please reduce your request rate.",
      // Histories are rewritten only when an image changes, and the catalogue has not changed.
      written: REGIONS.map((region) => `${region}.json`),
    },
  },
];

function err(code: string): AwsFault["kind"] {
  return { type: "error", code };
}

/** The error a promise rejected with, or undefined when it resolved (with its value). */
async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: Error }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }
}

/** Objects whose bytes differ between the two snapshots. */
function changedObjects(before: StoreSnapshot, after: StoreSnapshot): string[] {
  return [...after.objects.keys()]
    .filter((name) => before.objects.get(name) !== after.objects.get(name))
    .sort();
}

/** Checks the outcome a case expects; returns it as the report states it. */
function assessOutcome(
  testCase: FaultCase,
  settled: { value?: unknown; error?: Error },
  runAttempts: typeof attempts,
  before: StoreSnapshot,
  after: StoreSnapshot,
): string {
  const { expected } = testCase;
  const refreshed = refreshedRegions(before, after);
  const lastAttempt = (region: string) => runAttempts.filter((a) => a.region === region).at(-1);
  const retried = [...new Set(runAttempts.filter((a) => !a.ok).map((a) => a.region))];
  const retryNote = retried.length ? ` (Lambda retried ${retried.join(", ")})` : "";
  switch (expected.outcome) {
    case "completed": {
      expect(settled.error).toBeUndefined();
      const regions = testCase.via === "region" ? [R] : REGIONS;
      expect(refreshed).toEqual(regions.toSorted());
      if (testCase.via === "fan-out") {
        expect(settled.value).toEqual({ regions: REGIONS.length, invoked: REGIONS.length, failed: {} });
        for (const region of REGIONS) expect(lastAttempt(region)?.ok, region).toBe(true);
      }
      return `completed${retryNote}`;
    }
    case "failed cleanly": {
      expect(settled.error?.message).toContain(expected.error);
      expect(changedObjects(before, after)).toEqual([...(expected.written ?? [])].sort());
      return `failed cleanly: ${settled.error?.message.split("\n")[0]}`;
    }
    case "skipped": {
      expect(settled.error).toBeUndefined();
      expect(lastAttempt(expected.region)).toEqual({ region: expected.region, ok: true, skipped: true });
      expect(refreshed).toEqual(REGIONS.filter((region) => region !== expected.region).sort());
      for (const name of [`${expected.region}.json`, `history/${expected.region}.json`]) {
        expect(after.objects.get(name), name).toBe(before.objects.get(name));
      }
      return `completed; ${expected.region} skipped, left as it was`;
    }
  }
}

describe("the refresher under AWS and S3 faults", () => {
  it.for(CASES)("$kind: the store stays valid, no older, with every family", async (testCase) => {
    const before = await readStore(s3, LOCAL_BUCKET, LOCAL_PREFIX);
    const removers = (testCase.aws ?? []).map((fault) => stack.aws.addFault(fault));
    stack.s3.failWrites(testCase.s3);
    const firstAttempt = attempts.length;
    const started = performance.now();
    let settled: { value?: unknown; error?: Error };
    let injected: Record<string, number>;
    try {
      const run: Promise<unknown> = testCase.via === "region" ? regionHandler({ region: R }) : fanout();
      settled = await settle(run);
      await stack.aws.idle();
    } finally {
      injected = stack.aws.faultsInjected();
      for (const remove of removers) remove();
      stack.aws.clearFaults();
      stack.s3.failWrites(undefined);
    }
    const durationMs = performance.now() - started;
    const after = await readStore(s3, LOCAL_BUCKET, LOCAL_PREFIX);

    const audit = auditStore(before, after);
    expect(audit.violations).toEqual([]);
    expect(after.documents.size).toBe(REGIONS.length);
    if (testCase.aws?.length) expect(Object.keys(injected).length, "the fault hit").toBeGreaterThan(0);
    const outcome = assessOutcome(testCase, settled, attempts.slice(firstAttempt), before, after);
    if (testCase.withinMs !== undefined) expect(durationMs).toBeLessThan(testCase.withinMs);
    expect(durationMs).toBeGreaterThanOrEqual(testCase.atLeastMs ?? 0);
    testCase.assess?.(before, after);

    const hits = Object.entries(injected).map(([what, count]) => `${what} ×${count}`);
    rows.push([
      testCase.kind,
      testCase.via,
      outcome,
      testCase.s3 ? `S3 PUT ${testCase.s3.status} ${testCase.s3.code}` : hits.join(", ") || "none",
      after.objects.size,
      audit.checks,
      audit.violations.length,
      `${(durationMs / 1000).toFixed(2)} s`,
    ]);
  });
});
