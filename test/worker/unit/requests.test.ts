import { describe, expect, it } from "vitest";
import { allowedRequestHeaders } from "../../../worker/cors.ts";
import { cacheKey } from "../../../worker/edge-cache.ts";
import { canonicalRedirect } from "../../../worker/redirects.ts";
import { mergeHeader } from "../../../worker/respond.ts";

describe("allowedRequestHeaders", () => {
  it("keeps header-name tokens only", () => {
    expect(allowedRequestHeaders("If-None-Match, x bad, <x>, accept,,")).toEqual(["If-None-Match", "accept"]);
  });
  it("ignores an oversized list", () => {
    expect(allowedRequestHeaders("a,".repeat(600))).toEqual([]);
  });
});

describe("cacheKey", () => {
  it("puts known parameters in a fixed order under a versioned path", () => {
    expect(
      cacheKey("https://x.test", "/latest", [
        ["family", "al2"],
        ["fields", "ImageId,Name"],
      ]).url,
    ).toBe("https://x.test/_cache/v1/latest?family=al2&fields=ImageId%2CName");
  });
});

describe("canonicalRedirect", () => {
  it("leaves canonical URLs alone", () => {
    expect(canonicalRedirect(new Request("https://x.test/latest/us-east-1?field=ImageId"))).toBeUndefined();
    expect(canonicalRedirect(new Request("https://x.test/"))).toBeUndefined();
  });
  it("lower-cases a region and drops trailing slashes, keeping the query", () => {
    const response = canonicalRedirect(new Request("https://x.test/latest/AP-SOUTHEAST-5//?field=Name"));
    expect(response?.status).toBe(301);
    expect(response?.headers.get("location")).toBe("/latest/ap-southeast-5?field=Name");
  });
  it.each([
    "https://x.test//evil.example/latest/",
    "https://x.test//evil.example//",
    "https://x.test/\\\\evil.example/",
  ])("never sends %s to another host", (url) => {
    expect(canonicalRedirect(new Request(url))).toBeUndefined();
  });
});

describe("mergeHeader", () => {
  it("adds values without repeating or dropping any", () => {
    const headers = new Headers({ vary: "Accept-Encoding, accept" });
    mergeHeader(headers, "vary", ["Accept", "Origin"]);
    expect(headers.get("vary")).toBe("Accept-Encoding, accept, Origin");
  });
});
