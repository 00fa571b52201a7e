import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidPatternFamilyError, SHIPPED_PATTERN_FAMILIES } from "../../contract/pattern-families.ts";
import { patternFamilies, storeSettings } from "../../refresher/settings.ts";

const golden = {
  Name: "golden-web",
  Owners: ["123456789012"],
  NamePattern: "golden-web-*",
  Architecture: "x86_64",
};

describe("patternFamilies", () => {
  it("is the shipped families when nothing is configured", () => {
    expect(patternFamilies({})).toEqual(SHIPPED_PATTERN_FAMILIES);
  });

  it("adds the families in PATTERN_FAMILIES", () => {
    const families = patternFamilies({ PATTERN_FAMILIES: JSON.stringify([golden]) });
    expect(families.at(-1)).toEqual(golden);
    expect(families).toHaveLength(SHIPPED_PATTERN_FAMILIES.length + 1);
  });

  it("reads them from the file PATTERN_FAMILIES_FILE names", () => {
    const dir = mkdtempSync(join(tmpdir(), "latest-ami-families-"));
    try {
      const file = join(dir, "families.json");
      writeFileSync(file, JSON.stringify([golden]));
      expect(patternFamilies({ PATTERN_FAMILIES_FILE: file }).at(-1)).toEqual(golden);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a family with no owner, naming the setting and the field", () => {
    const { Owners: _, ...ownerless } = golden;
    expect(() => patternFamilies({ PATTERN_FAMILIES: JSON.stringify([ownerless]) })).toThrow(
      new InvalidPatternFamilyError(
        "PATTERN_FAMILIES: family golden-web: Owners is required (a name pattern alone would match strangers' images)",
      ),
    );
  });

  it("names the file it cannot read", () => {
    expect(() => patternFamilies({ PATTERN_FAMILIES_FILE: "/nonexistent/families.json" })).toThrow(
      /^PATTERN_FAMILIES_FILE cannot be read: ENOENT/,
    );
  });

  it("refuses text that is not JSON", () => {
    expect(() => patternFamilies({ PATTERN_FAMILIES: "[{" })).toThrow(/^PATTERN_FAMILIES is not JSON: /);
  });
});

describe("storeSettings", () => {
  it("names the missing variable", () => {
    const bucket = process.env.BUCKET;
    delete process.env.BUCKET;
    try {
      expect(() => storeSettings()).toThrow("environment variable BUCKET is not set");
    } finally {
      if (bucket !== undefined) process.env.BUCKET = bucket;
    }
  });
});
