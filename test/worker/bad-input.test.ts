import { exports } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, inject, it } from "vitest";
import { markdownTable } from "../../bench/markdown.ts";
import { isRegionName } from "../../contract/regions.ts";
import {
  BAD_INPUT_RUNS,
  BAD_INPUT_SEED,
  type BadRequest,
  badInputCorpus,
  badRequest,
  categoryCounts,
  looksLeaked,
  ROUTABLE_METHODS,
} from "../support/bad-input-corpus.ts";
import { originCounts } from "./origin-control.ts";

/**
 * The bad-input corpus (test/support/bad-input-corpus.ts) through the Worker's real entry inside
 * workerd, reading the real S3 server through the counting proxy. Every answer must be one the
 * README documents, in the one error shape, with CORS and without a trace of our insides; the
 * origin must only ever be asked for a region document or the region list.
 */
const BASE = "http://latest-ami.test";
/** The statuses the README documents for requests; 503 would mean the origin failed, which it does not here. */
const DOCUMENTED_STATUSES = new Set([200, 204, 301, 304, 400, 404, 405]);
/** The only keys the Worker may ask for: the region list, and a well-formed region's document or history. */
const ORIGIN_KEY = /^GET \/latest-ami\/v1\/(?:history\/)?([^/]+)\.json$/;

/** The keys of origin counts that are neither the region list nor a valid region's document. */
function keysOutside(counts: Record<string, number>): string[] {
  return Object.keys(counts).filter((key) => {
    const name = ORIGIN_KEY.exec(key)?.[1];
    return name === undefined || (name !== "regions" && !isRegionName(name));
  });
}

function toRequest(bad: BadRequest): Request {
  return new Request(`${BASE}${bad.target}`, {
    method: bad.method,
    headers: bad.headers,
    redirect: "manual",
    ...(bad.body === undefined ? {} : { body: bad.body }),
  });
}

/** What is wrong with one answer, as readable lines; empty when nothing is. */
async function violationsOf(request: Request, response: Response): Promise<string[]> {
  const problems: string[] = [];
  const body = await response.text();
  const { status } = response;
  if (!DOCUMENTED_STATUSES.has(status)) problems.push(`status ${status}: ${body.slice(0, 200)}`);
  if (response.headers.get("access-control-allow-origin") !== "*") problems.push("no CORS header");
  if (looksLeaked(body)) problems.push(`leak in body: ${body.slice(0, 300)}`);
  if (status >= 400) {
    if (response.headers.get("content-type") !== "application/json") problems.push("error not JSON");
    // HEAD answers carry the headers of the GET answer and no body.
    if (request.method !== "HEAD") {
      const shape = errorShape(body);
      if (shape !== "") problems.push(`error shape: ${shape}`);
    }
  }
  if (status === 301) {
    const location = response.headers.get("location") ?? "";
    if (!location.startsWith("/") || new URL(location, BASE).origin !== BASE) {
      problems.push(`301 leaves the site: Location ${JSON.stringify(location)}`);
    }
  }
  if (status === 405 && response.headers.get("allow") !== "GET, HEAD, OPTIONS")
    problems.push("405 without Allow");
  if (status === 200 && request.method !== "GET" && request.method !== "HEAD") {
    problems.push(`${request.method} answered 200`);
  }
  return problems;
}

/** "" when `body` is `{"error": {"code", "message", ...}}`, else what is wrong with it. */
function errorShape(body: string): string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return `not JSON: ${body.slice(0, 120)}`;
  }
  if (typeof value !== "object" || value === null || Object.keys(value).join() !== "error") {
    return `not {error}: ${body.slice(0, 120)}`;
  }
  const error: unknown = Reflect.get(value, "error");
  if (typeof error !== "object" || error === null) return "error is not an object";
  const code: unknown = Reflect.get(error, "code");
  const message: unknown = Reflect.get(error, "message");
  if (typeof code !== "string" || !/^[a-z_]+$/.test(code)) return `bad code ${JSON.stringify(code)}`;
  if (typeof message !== "string" || message === "") return "no message";
  return "";
}

describe("bad input", () => {
  it(`answers ${BAD_INPUT_RUNS} generated bad requests as documented, asking the origin only for documents`, async () => {
    const before = await originCounts();
    expect(keysOutside(before)).toEqual([]);
    const tried: BadRequest[] = [];
    const statuses = new Map<number, number>();
    const unsendable = new Set<string>();
    await fc.assert(
      fc.asyncProperty(badRequest, async (bad) => {
        tried.push(bad);
        let request: Request;
        try {
          request = toRequest(bad);
        } catch (error) {
          // Only a method workerd refuses to carry may make a request unconstructible.
          expect(String(error)).toBe(`TypeError: Invalid HTTP method string: ${bad.method}`);
          expect(ROUTABLE_METHODS).not.toContain(bad.method.toUpperCase());
          unsendable.add(bad.method);
          return;
        }
        const response = await exports.default.fetch(request);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(await violationsOf(request, response)).toEqual([]);
      }),
      { seed: BAD_INPUT_SEED, numRuns: BAD_INPUT_RUNS },
    );
    // What ran is exactly the corpus the seed names, so the report describes a reproducible run.
    expect(categoryCounts(tried)).toEqual(categoryCounts(badInputCorpus()));
    // Some of the corpus's exotic methods were tried and refused by workerd before the Worker.
    expect(unsendable.size).toBeGreaterThan(0);
    const after = await originCounts();
    expect(keysOutside(after)).toEqual([]);
    const reached = Object.keys(after).filter((key) => after[key] !== before[key]);
    expect(reached.length).toBeGreaterThan(0);
    await report(tried, statuses, [...unsendable].sort(), reached);
  }, 60_000);
});

/** Writes the "bad-input" section of bench/RELIABILITY.md (through the run's report collector). */
async function report(
  tried: readonly BadRequest[],
  statuses: ReadonlyMap<number, number>,
  unsendable: readonly string[],
  reached: readonly string[],
): Promise<void> {
  const markdown = [
    "## Bad input",
    "",
    "`npm run reliability` (the suite is part of `npm test`, which does not write this): " +
      `${tried.length} requests generated by fast-check (seed ${BAD_INPUT_SEED}, test/support/bad-input-corpus.ts) ` +
      "sent to the Worker's real entry inside workerd, which reads the real S3 server through a counting proxy. " +
      "Each answer must have a documented status, CORS, the one JSON error shape for errors, a same-site " +
      "`Location` for 301s, and no stack trace, internal path or S3 error text; the origin may be asked only " +
      "for `<prefix>/<region>.json` of a valid region or `<prefix>/regions.json`.",
    "",
    `Violations: 0 (the test fails on the first). Origin keys requested: ${reached.length}, all region documents ` +
      `or the region list. Refused by workerd before the Worker (\`new Request\` throws): ${unsendable.join(", ")}.`,
    "",
    markdownTable(
      ["status", "answers"],
      [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => [status, count]),
    ),
    "",
    markdownTable(["what the request carries", "requests"], categoryCounts(tried)),
  ].join("\n");
  const response = await fetch(`${inject("reportUrl")}/bad-input`, { method: "PUT", body: markdown });
  expect(response.status).toBe(204);
}
