import { describe, expect, it } from "vitest";
import { ifNoneMatchMatches, isNotModified, notModifiedSince } from "../../../worker/conditional.ts";

const etag = '"abc"';
const now = new Date("2026-07-28T00:00:00Z");

describe("ifNoneMatchMatches", () => {
  it.each([
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", W/"abc"', true],
    ["*", true],
    ['"abd"', false],
    ["abc", false],
    ["", false],
    [`"abc",${" ".repeat(9_000)}`, false],
  ])("%j → %s", (header, expected) => {
    expect(ifNoneMatchMatches(header, etag)).toBe(expected);
  });
});

describe("notModifiedSince", () => {
  const lastModified = new Date("2026-07-27T19:36:18.767Z");
  it.each([
    ["Mon, 27 Jul 2026 19:36:18 GMT", true],
    ["Monday, 27-Jul-26 19:36:18 GMT", true],
    ["Mon, 27 Jul 2026 19:36:17 GMT", false],
    ["Sat, 01 Jan 2030 00:00:00 GMT", false],
    ["not a date", false],
    ["Mon Jul 27 19:36:18 2026", true],
    ["2026-07-27T19:36:18Z", false],
    ["2026-07-27", false],
  ])("%j → %s", (header, expected) => {
    expect(notModifiedSince(header, lastModified, now)).toBe(expected);
  });
});

describe("isNotModified", () => {
  it("lets If-None-Match decide when both are sent", () => {
    const headers = new Headers({
      "if-none-match": '"other"',
      "if-modified-since": "Mon, 27 Jul 2026 19:36:18 GMT",
    });
    expect(isNotModified(headers, etag, new Date("2026-07-27T19:36:18Z"), now)).toBe(false);
  });

  it("ignores If-Modified-Since when the answer has no Last-Modified", () => {
    const headers = new Headers({ "if-modified-since": "Mon, 27 Jul 2026 19:36:18 GMT" });
    expect(isNotModified(headers, etag, undefined, now)).toBe(false);
  });
});
