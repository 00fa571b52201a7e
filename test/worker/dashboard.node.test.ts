import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { ALIASES, DEFAULT_FAMILY, familyOfParameter } from "../../contract/families.ts";
import { SHIPPED_PATTERN_FAMILIES } from "../../contract/pattern-families.ts";
import { DASHBOARD_SCRIPT } from "../../worker/dashboard/script.ts";
import { snapshotRegion, snapshotRegions } from "../support/snapshot.ts";

/**
 * The dashboard's own script, run as the browser would parse it (in a VM, with no document, so it
 * defines its functions and does not start), to test how it reads family names.
 */

interface Facets {
  os: string;
  arch: string;
  kernel: string;
  edition: string;
}
interface CatalogueFamily {
  name: string;
  facets: Facets;
}
interface Script {
  facetsOf(name: string): Facets;
  catalogueOf(families: unknown): CatalogueFamily[];
  pickFamily(
    catalogue: CatalogueFamily[],
    current: CatalogueFamily,
    facet: string,
    value: string,
  ): CatalogueFamily;
}

const script = (() => {
  const sandbox: Record<string, unknown> = {};
  runInNewContext(DASHBOARD_SCRIPT, sandbox);
  return sandbox as unknown as Script;
})();

/** Every family the snapshot and the shipped patterns give, with the architecture of its image. */
function realFamilies(): Map<string, string> {
  const families = new Map<string, string>();
  for (const region of snapshotRegions()) {
    const data = snapshotRegion(region);
    const architectures = new Map(data.Images.map((image) => [image.ImageId, image.Architecture]));
    for (const parameter of data.SsmParameters) {
      const family = familyOfParameter(parameter.Name);
      const architecture = architectures.get(parameter.Value);
      if (family && typeof architecture === "string") families.set(family, architecture);
    }
  }
  for (const pattern of SHIPPED_PATTERN_FAMILIES) families.set(pattern.Name, pattern.Architecture);
  return families;
}

/** A /families answer for those families (only the parts the script reads). */
function familiesAnswer(names: readonly string[]) {
  return {
    Default: DEFAULT_FAMILY,
    Aliases: Object.fromEntries(ALIASES),
    Families: Object.fromEntries(
      names.map((name) => [
        name,
        { Aliases: [...ALIASES].filter(([, target]) => target === name).map(([alias]) => alias) },
      ]),
    ),
  };
}

describe("facetsOf", () => {
  it.each([
    [
      "al2023-ami-kernel-default-x86_64",
      { os: "AL2023", arch: "x86_64", kernel: "default", edition: "standard" },
    ],
    [
      "al2023-ami-minimal-kernel-6.12-arm64",
      { os: "AL2023", arch: "arm64", kernel: "6.12", edition: "minimal" },
    ],
    ["amzn2-ami-kernel-5.10-hvm-x86_64-gp2", { os: "AL2", arch: "x86_64", kernel: "5.10", edition: "gp2" }],
    [
      "amzn2-ami-minimal-hvm-arm64-ebs",
      { os: "AL2", arch: "arm64", kernel: "not named", edition: "minimal ebs" },
    ],
    ["amzn-ami-pv-x86_64-ebs", { os: "AL1", arch: "x86_64", kernel: "not named", edition: "pv ebs" }],
    [
      "ecs/amazon-linux-2023/arm64",
      { os: "ECS", arch: "arm64", kernel: "not named", edition: "amazon-linux-2023" },
    ],
    [
      "ecs/amazon-linux-2/kernel-5.10/gpu",
      { os: "ECS", arch: "x86_64", kernel: "5.10", edition: "amazon-linux-2 gpu" },
    ],
    [
      "ecs-by-name/amazon-linux-2/arm64",
      { os: "ECS (by name)", arch: "arm64", kernel: "not named", edition: "amazon-linux-2" },
    ],
    ["rocky-9-arm64", { os: "rocky-9", arch: "arm64", kernel: "not named", edition: "standard" }],
    ["centos-stream-9", { os: "centos-stream-9", arch: "x86_64", kernel: "not named", edition: "standard" }],
  ])("%s", (name, facets) => {
    expect({ ...script.facetsOf(name) }).toEqual(facets);
  });

  it("reads from every real family's name the architecture of its image", () => {
    const wrong = [...realFamilies()].filter(([name, arch]) => script.facetsOf(name).arch !== arch);
    expect(wrong).toEqual([]);
  });

  it("gives every real family its own combination of facets, so each can be chosen", () => {
    const names = [...realFamilies().keys()];
    expect(names.length).toBeGreaterThan(60);
    const keys = new Set(names.map((name) => JSON.stringify(script.facetsOf(name))));
    expect(keys.size).toBe(names.length);
  });
});

describe("pickFamily", () => {
  const catalogue = script.catalogueOf(familiesAnswer([...realFamilies().keys()]));
  const byName = (name: string) => {
    const family = catalogue.find((f) => f.name === name);
    if (!family) throw new Error(`no family ${name}`);
    return family;
  };
  const start = byName(DEFAULT_FAMILY);

  it.each([
    ["arch", "arm64", "al2023-ami-kernel-default-arm64"],
    ["kernel", "6.12", "al2023-ami-kernel-6.12-x86_64"],
    ["edition", "minimal", "al2023-ami-minimal-kernel-default-x86_64"],
    ["os", "AL2", "amzn2-ami-kernel-default-hvm-x86_64-gp2"],
    ["os", "ECS", "ecs/amazon-linux-2023"],
    ["os", "rocky-9", "rocky-9"],
  ])("from the default family, %s = %s picks %s", (facet, value, expected) => {
    expect(script.pickFamily(catalogue, start, facet, value).name).toBe(expected);
  });

  it("keeps the other choices when one changes: AL2023 minimal arm64, kernel 6.12", () => {
    const minimalArm = byName("al2023-ami-minimal-kernel-default-arm64");
    expect(script.pickFamily(catalogue, minimalArm, "kernel", "6.12").name).toBe(
      "al2023-ami-minimal-kernel-6.12-arm64",
    );
  });

  it("reaches every family from the default by choosing its facets in order", () => {
    const unreachable = catalogue.filter((target) => {
      let current = start;
      for (const facet of ["os", "arch", "kernel", "edition"] as const) {
        current = script.pickFamily(catalogue, current, facet, target.facets[facet]);
      }
      return current.name !== target.name;
    });
    expect(unreachable.map((f) => f.name)).toEqual([]);
  });
});
