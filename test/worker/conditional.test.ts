import { beforeAll, describe, expect, it } from "vitest";
import { get, revalidating } from "./http.ts";
import { refreshAgain } from "./origin-control.ts";

const URL_PATH = "/latest/us-east-1?field=ImageId";
/** AWS changed the parameter at 2026-07-27T19:36:18.767Z: the answer's Last-Modified. */
const LAST_MODIFIED = "Mon, 27 Jul 2026 19:36:18 GMT";

let etag: string;

beforeAll(async () => {
  const response = await get(URL_PATH);
  etag = response.headers.get("etag") ?? "";
});

describe("validators", () => {
  it("gives a strong ETag and the parameter's change time as Last-Modified", async () => {
    const response = await get(URL_PATH);
    expect(response.headers.get("etag")).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    expect(response.headers.get("last-modified")).toBe(LAST_MODIFIED);
  });

  it("gives a whole-document answer its RetrievedAt as Last-Modified", async () => {
    const all = await get("/latest");
    const newest = Object.values((await all.clone().json()) as Record<string, unknown>).length;
    expect(newest).toBe(30);
    expect(Date.parse(all.headers.get("last-modified") ?? "")).toBeGreaterThan(Date.parse("2026-12-01"));
  });

  it("puts no ETag, Last-Modified or 304 on errors", async () => {
    const response = await get("/latest/us-east-1/al2099", { headers: { "if-none-match": "*" } });
    expect(response.status).toBe(404);
    expect(response.headers.has("etag")).toBe(false);
    expect(response.headers.has("last-modified")).toBe(false);
    expect(response.headers.get("cache-control")).toBe("public, max-age=60");
  });
});

describe("conditional requests", () => {
  const cases: [string, () => Record<string, string>, number][] = [
    ["the same strong ETag", () => ({ "if-none-match": etag }), 304],
    ["the same ETag, weak", () => ({ "if-none-match": `W/${etag}` }), 304],
    ["a list holding it", () => ({ "if-none-match": `"nope", ${etag}, "other"` }), 304],
    ["*", () => ({ "if-none-match": "*" }), 304],
    ["another ETag", () => ({ "if-none-match": '"nope"' }), 200],
    ["an empty If-None-Match", () => ({ "if-none-match": "" }), 200],
    ["a giant If-None-Match", () => ({ "if-none-match": `"${"x".repeat(9_000)}", ${etag}` }), 200],
    ["If-Modified-Since = Last-Modified", () => ({ "if-modified-since": LAST_MODIFIED }), 304],
    ["If-Modified-Since after it", () => ({ "if-modified-since": "Tue, 28 Jul 2026 00:00:00 GMT" }), 304],
    [
      "If-Modified-Since a second before",
      () => ({ "if-modified-since": "Mon, 27 Jul 2026 19:36:17 GMT" }),
      200,
    ],
    [
      "If-Modified-Since in the future (invalid)",
      () => ({ "if-modified-since": "Fri, 01 Jan 2100 00:00:00 GMT" }),
      200,
    ],
    ["If-Modified-Since not a date", () => ({ "if-modified-since": "yesterday-ish" }), 200],
    [
      "If-None-Match mismatch wins over a matching If-Modified-Since",
      () => ({ "if-none-match": '"nope"', "if-modified-since": LAST_MODIFIED }),
      200,
    ],
    [
      "If-None-Match match wins over an old If-Modified-Since",
      () => ({ "if-none-match": etag, "if-modified-since": "Thu, 01 Jan 2015 00:00:00 GMT" }),
      304,
    ],
  ];

  it.each(cases)("%s → %i", async (_, headers, status) => {
    const response = await get(URL_PATH, { headers: headers() });
    expect(response.status).toBe(status);
    expect(await response.text()).toBe(status === 304 ? "" : "ami-0006118602dfc1c09\n");
  });

  it("keeps the caching, validator, Vary and CORS headers on a 304", async () => {
    const full = await get(URL_PATH);
    const response = await get(URL_PATH, { headers: { "if-none-match": etag } });
    expect(response.status).toBe(304);
    for (const name of ["cache-control", "etag", "last-modified", "vary", "access-control-allow-origin"]) {
      expect(response.headers.get(name), name).toBe(full.headers.get(name));
    }
  });

  it("answers HEAD with GET's headers, Content-Length included, and no body", async () => {
    const got = await get(URL_PATH);
    const head = await get(URL_PATH, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const volatile = new Set(["date", "age", "cache-status"]);
    const headersOf = (r: Response) => [...r.headers].filter(([name]) => !volatile.has(name));
    expect(headersOf(head)).toEqual(headersOf(got));
    expect(head.headers.get("content-length")).toBe("22");
  });

  it.each([
    ["an error", "/latest/nowhere-1", 400],
    ["the health answer", "/healthz", 200],
  ])("answers HEAD for %s with GET's Content-Length", async (_, path, status) => {
    const got = await get(path);
    const head = await get(path, { method: "HEAD" });
    expect([got.status, head.status]).toEqual([status, status]);
    const length = String(new TextEncoder().encode(await got.text()).byteLength);
    expect(got.headers.get("content-length")).toBe(length);
    expect(head.headers.get("content-length")).toBe(length);
    expect(await head.text()).toBe("");
  });
});

describe("ETag across refreshes", () => {
  it("keeps ?field=ImageId's ETag while the image is unchanged, and changes the document's", async () => {
    const textBefore = (await revalidating(URL_PATH)).headers.get("etag");
    const jsonBefore = (await revalidating("/latest/us-east-1")).headers.get("etag");
    await refreshAgain("us-east-1");
    const textAfter = await revalidating(URL_PATH);
    const jsonAfter = await revalidating("/latest/us-east-1");
    expect(textAfter.headers.get("etag")).toBe(textBefore);
    expect(jsonAfter.headers.get("etag")).not.toBe(jsonBefore);
    expect(textAfter.headers.get("last-modified")).toBe(LAST_MODIFIED);
  });
});
