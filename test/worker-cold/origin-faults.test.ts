import { env } from "cloudflare:workers";
import { afterAll, afterEach, describe, expect, inject, it } from "vitest";
import { markdownTable } from "../../bench/markdown.ts";
import type { OriginFault } from "../../local/origin-fault.ts";
import { errorOf, revalidating } from "../worker/http.ts";
import { setOriginFault } from "../worker/origin-control.ts";

/**
 * Every way the origin can fail, for a region the Worker has a good copy of and for one it has
 * never read: with a copy, the last good answer, marked stale; without one, an error with
 * Retry-After, never S3's words. Requests go through the app with CACHE_TTL_S 0, so each one asks
 * the origin. Each case uses regions no other file of this project touches.
 */

interface Answer {
  status: number;
  /** Cache-Status, where it tells which copy was served. */
  cacheStatus?: string;
  /** The error code, for errors. */
  code?: string;
}

interface Case {
  name: string;
  fault: OriginFault;
  /** The region read before the fault (its copy kept), and the one never read. */
  seen: string;
  unseen: string;
  /** What each must answer: status, error code (for errors), Cache-Status (for the copy). */
  withCopy: Answer;
  withoutCopy: Answer;
}

const STALE = "latest-ami; hit; detail=stale-if-error";

const CASES: Case[] = [
  {
    name: "slow (500 ms, inside the 2 s origin timeout)",
    fault: { kind: "slow", delayMs: 500 },
    seen: "us-east-2",
    unseen: "us-west-1",
    withCopy: { status: 200, cacheStatus: "latest-ami; fwd=miss; stored" },
    withoutCopy: { status: 200 },
  },
  {
    name: "down (connection reset)",
    fault: { kind: "down" },
    seen: "us-west-2",
    unseen: "eu-west-1",
    withCopy: { status: 200, cacheStatus: STALE },
    withoutCopy: { status: 503, code: "origin_unavailable" },
  },
  {
    name: "hang (past the 2 s origin timeout)",
    fault: { kind: "hang" },
    seen: "eu-central-1",
    unseen: "eu-north-1",
    withCopy: { status: 200, cacheStatus: STALE },
    withoutCopy: { status: 503, code: "origin_unavailable" },
  },
  ...([500, 502, 503] as const).map(
    (status, i): Case => ({
      name: `S3 ${status}`,
      fault: { kind: "status", status },
      seen: ["eu-south-1", "eu-south-2", "ap-northeast-1"][i] ?? "",
      unseen: ["ap-northeast-2", "ap-northeast-3", "ap-south-1"][i] ?? "",
      withCopy: { status: 200, cacheStatus: STALE },
      withoutCopy: { status: 503, code: "origin_unavailable" },
    }),
  ),
  {
    name: "malformed JSON",
    fault: { kind: "malformed" },
    seen: "ap-southeast-1",
    unseen: "ap-southeast-2",
    withCopy: { status: 200, cacheStatus: STALE },
    withoutCopy: { status: 502, code: "bad_origin_document" },
  },
  {
    name: "another region's document",
    fault: { kind: "json", body: "" },
    seen: "ap-southeast-3",
    unseen: "ap-southeast-4",
    withCopy: { status: 200, cacheStatus: STALE },
    withoutCopy: { status: 502, code: "bad_origin_document" },
  },
  {
    name: "S3 403 (no such object, without s3:ListBucket)",
    fault: { kind: "status", status: 403 },
    seen: "ap-southeast-5",
    unseen: "sa-east-1",
    withCopy: { status: 404, code: "unknown_region" },
    withoutCopy: { status: 404, code: "unknown_region" },
  },
];

const rows: (string | number)[][] = [];

afterEach(() => setOriginFault(null));

afterAll(async () => {
  const markdown = [
    "## Worker under origin faults",
    "",
    "`npm run reliability` (the suite is part of `npm test`, which does not write this): the",
    "Worker inside workerd, its origin (a real S3 server) behind the fault proxy; each fault for a region",
    "whose good copy the Worker holds, and for one it has never read. Every answer asserted as shown.",
    "",
    markdownTable(["origin fault", "with a good copy", "never read"], rows),
  ].join("\n");
  const response = await fetch(`${inject("reportUrl")}/origin-faults`, { method: "PUT", body: markdown });
  expect(response.status).toBe(204);
});

async function describeAnswer(response: Response): Promise<string> {
  if (response.status >= 400) {
    const retryAfter = response.headers.get("retry-after");
    const code = (await errorOf(response)).code;
    return `${response.status} \`${code}\`${retryAfter ? `, Retry-After: ${retryAfter}` : ""}`;
  }
  await response.body?.cancel();
  return `${response.status} (${response.headers.get("cache-status")})`;
}

describe("the Worker under origin faults", () => {
  it.for(CASES)("$name", async (testCase) => {
    const path = (region: string) => `/latest/${region}?field=ImageId`;
    const good = await revalidating(path(testCase.seen));
    expect(good.status).toBe(200);
    const goodBody = await good.text();
    const fault =
      testCase.fault.kind === "json"
        ? { kind: "json" as const, body: await (await fetch(`${env.ORIGIN_URL}/us-east-1.json`)).text() }
        : testCase.fault;
    await setOriginFault(fault, `${testCase.seen}.json`);
    const withCopy = await revalidating(path(testCase.seen));
    await setOriginFault(fault, `${testCase.unseen}.json`);
    const withoutCopy = await revalidating(path(testCase.unseen));

    const answers: [Response, Answer][] = [
      [withCopy, testCase.withCopy],
      [withoutCopy, testCase.withoutCopy],
    ];
    for (const [response, expected] of answers) {
      const copy = response.clone();
      expect(response.status).toBe(expected.status);
      const text = await copy.text();
      expect(text).not.toMatch(/<Error>|<Code>|InternalError|SlowDown|AccessDenied|at .*:\d+:\d+/);
      if (expected.status >= 500) {
        expect(response.headers.get("retry-after")).toBe("30");
        expect(response.headers.get("cache-control")).toBe("no-store");
      }
      if (expected.code) expect((await errorOf(response.clone())).code).toBe(expected.code);
      if (expected.cacheStatus) expect(response.headers.get("cache-status")).toBe(expected.cacheStatus);
    }
    if (testCase.withCopy.status === 200) expect(await withCopy.clone().text()).toBe(goodBody);
    rows.push([testCase.name, await describeAnswer(withCopy), await describeAnswer(withoutCopy)]);
  });
});
