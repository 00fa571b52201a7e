import { describe, expect, it } from "vitest";
import { wildcardMatcher } from "../../local/aws/wildcard.ts";

describe("wildcardMatcher", () => {
  it("matches * across any run of characters, anchored at both ends", () => {
    const matches = wildcardMatcher("al2023-ami-2023.*-x86_64");

    expect(matches("al2023-ami-2023.12.20260727.0-kernel-6.1-x86_64")).toBe(true);
    expect(matches("al2023-ami-2023.12.20260727.0-kernel-6.1-x86_64-extra")).toBe(false);
    expect(matches("x-al2023-ami-2023.12-x86_64")).toBe(false);
  });

  it("matches ? as exactly one character", () => {
    const matches = wildcardMatcher("kernel-6.1?");

    expect(matches("kernel-6.12")).toBe(true);
    expect(matches("kernel-6.1")).toBe(false);
    expect(matches("kernel-6.123")).toBe(false);
  });

  it("takes regular-expression syntax literally", () => {
    expect(wildcardMatcher("a.c")("abc")).toBe(false);
    expect(wildcardMatcher("(a|b)+")("(a|b)+")).toBe(true);
    expect(wildcardMatcher("(a|b)+")("a")).toBe(false);
  });

  it("makes the character after a backslash literal", () => {
    expect(wildcardMatcher("\\*amazon\\?")("*amazon?")).toBe(true);
    expect(wildcardMatcher("\\*amazon\\?")("xamazony")).toBe(false);
  });
});
