import { describe, expect, it } from "vitest";
import {
  ALIASES,
  canonicalFamily,
  DEFAULT_FAMILY,
  familyOfParameter,
  isFamilyName,
} from "../../contract/families.ts";

describe("familyOfParameter", () => {
  it("names an Amazon Linux family by the parameter's leaf", () => {
    expect(
      familyOfParameter("/aws/service/ami-amazon-linux-latest/al2023-ami-minimal-kernel-6.12-arm64"),
    ).toBe("al2023-ami-minimal-kernel-6.12-arm64");
  });

  it("names an ECS family by its path between optimized-ami/ and /recommended/image_id", () => {
    expect(
      familyOfParameter("/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id"),
    ).toBe("ecs/amazon-linux-2023/arm64");
    expect(
      familyOfParameter(
        "/aws/service/ecs/optimized-ami/windows_server/2019/english/full/recommended/image_id",
      ),
    ).toBe("ecs/windows_server/2019/english/full");
  });

  it.each([
    "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended",
    "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_name",
    "/aws/service/ecs/optimized-ami/recommended/image_id",
    "/aws/service/ami-amazon-linux-latest/nested/name",
    "/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base",
  ])("is not a family: %s", (name) => {
    expect(familyOfParameter(name)).toBeUndefined();
  });
});

describe("canonicalFamily", () => {
  it("resolves every alias to a canonical name and leaves canonical names alone", () => {
    expect(canonicalFamily("al2023")).toBe(DEFAULT_FAMILY);
    expect(canonicalFamily("al2023-arm64")).toBe("al2023-ami-kernel-default-arm64");
    expect(canonicalFamily("ecs-al2023-arm64")).toBe("ecs/amazon-linux-2023/arm64");
    expect(canonicalFamily("amzn2-ami-hvm-x86_64-gp2")).toBe("amzn2-ami-hvm-x86_64-gp2");
  });

  it("does not treat Object.prototype's members as aliases", () => {
    expect(canonicalFamily("constructor")).toBe("constructor");
    expect(canonicalFamily("__proto__")).toBe("__proto__");
  });

  it("has the ten documented aliases", () => {
    expect([...ALIASES.keys()]).toEqual([
      "al2023",
      "al2023-arm64",
      "al2023-minimal",
      "al2023-minimal-arm64",
      "al2",
      "al2-arm64",
      "ecs-al2023",
      "ecs-al2023-arm64",
      "ecs-al2",
      "ecs-al2-arm64",
    ]);
  });
});

describe("isFamilyName", () => {
  it.each(["al2023", "ecs/amazon-linux-2023/arm64", "amzn2-ami-kernel-5.10-hvm-x86_64-gp2"])(
    "accepts %s",
    (n) => {
      expect(isFamilyName(n)).toBe(true);
    },
  );
  it.each(["", "AL2023", "../x", "a//b", "a/", "/a", "a b", "x".repeat(200), "a\u0000"])(
    "rejects %j",
    (n) => {
      expect(isFamilyName(n)).toBe(false);
    },
  );
});
