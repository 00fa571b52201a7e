import { describe, expect, it } from "vitest";
import {
  InvalidPatternFamilyError,
  parsePatternFamilies,
  SHIPPED_PATTERN_FAMILIES,
} from "../../contract/pattern-families.ts";
import { wildcardMatch } from "../../contract/wildcard.ts";

describe("wildcardMatch", () => {
  it.each([
    ["Rocky-9-EC2-Base-9.*-*.x86_64", "Rocky-9-EC2-Base-9.6-20250531.0.x86_64", true],
    ["Rocky-9-EC2-Base-9.*-*.x86_64", "Rocky-9-EC2-Base-9.6-20250531.0.aarch64", false],
    ["Rocky-9-EC2-Base-9.*-*.x86_64", "Rocky-9-EC2-LVM-9.6-20250531.0.x86_64", false],
    ["amzn2-ami-ecs-hvm-*-x86_64-ebs", "amzn2-ami-ecs-gpu-hvm-2.0.20260226-x86_64-ebs", false],
    ["amzn2-ami-ecs-hvm-*-x86_64-ebs", "amzn2-ami-ecs-hvm-2.0.20260226-x86_64-ebs", true],
    [
      "al2023-ami-ecs-hvm-*-kernel-6.1-x86_64",
      "al2023-ami-ecs-neuron-hvm-2023.0.20260226-kernel-6.1-x86_64",
      false,
    ],
    ["CentOS Stream 9 x86_64 20*", "CentOS Stream 9 x86_64 GPU 20251205.0", false],
    ["a?c", "abc", true],
    ["a?c", "ac", false],
    ["a.c", "abc", false],
    ["*", "", true],
    ["a*b*c", "a-b-b-c", true],
    [`${"*a".repeat(30)}b`, "a".repeat(200), false],
  ])("%s ~ %s → %s", (pattern, name, expected) => {
    expect(wildcardMatch(pattern, name)).toBe(expected);
  });
});

describe("parsePatternFamilies", () => {
  const valid = {
    Name: "golden-web",
    Owners: ["123456789012"],
    NamePattern: "golden-web-*",
    Architecture: "arm64",
  };

  it("takes a valid definition", () => {
    expect(parsePatternFamilies([valid])).toEqual([valid]);
  });

  it.each([
    [
      { ...valid, Owners: undefined },
      "family golden-web: Owners is required (a name pattern alone would match strangers' images)",
    ],
    [{ ...valid, Owners: [] }, "family golden-web: Owners must not be empty"],
    [{ ...valid, Owners: ["amazon"] }, 'family golden-web: owner "amazon" is not a 12-digit account ID'],
    [
      { ...valid, NamePattern: "**" },
      "family golden-web: NamePattern must be a name with at most 128 characters, not only wildcards",
    ],
    [{ ...valid, Architecture: "i386" }, "family golden-web: Architecture must be x86_64 or arm64"],
    [{ ...valid, Name: "Golden Web" }, "family #1: Name must be a family name (lower case, digits, - . _ /)"],
    [{ ...valid, Name: "rocky-9" }, "family rocky-9 is defined twice"],
    [
      { ...valid, Name: "al2023" },
      "family #1: Name al2023 is an alias or in the ecs/ namespace of AWS's parameters; choose another",
    ],
    [
      { ...valid, Name: "ecs/golden" },
      "family #1: Name ecs/golden is an alias or in the ecs/ namespace of AWS's parameters; choose another",
    ],
  ])("refuses %j", (definition, message) => {
    expect(() => parsePatternFamilies([definition])).toThrow(new InvalidPatternFamilyError(message));
  });

  it("refuses anything but a list", () => {
    expect(() => parsePatternFamilies({ families: [] })).toThrow("pattern families must be a JSON list");
  });

  it("ships the ECS cross-checks and Rocky Linux, AlmaLinux and CentOS Stream, each with an owner", () => {
    expect(SHIPPED_PATTERN_FAMILIES.map((family) => family.Name)).toEqual([
      "ecs-by-name/amazon-linux-2023",
      "ecs-by-name/amazon-linux-2023/arm64",
      "ecs-by-name/amazon-linux-2",
      "ecs-by-name/amazon-linux-2/arm64",
      "rocky-9",
      "rocky-9-arm64",
      "almalinux-9",
      "almalinux-9-arm64",
      "centos-stream-9",
      "centos-stream-9-arm64",
    ]);
    expect(parsePatternFamilies(SHIPPED_PATTERN_FAMILIES, [])).toEqual(SHIPPED_PATTERN_FAMILIES);
  });
});
