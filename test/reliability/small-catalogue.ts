import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SNAPSHOT_DIR } from "../support/snapshot.ts";

/** A catalogue folder holding a few of the snapshot's regions, and how to remove it. */
export interface SmallCatalogue {
  dir: string;
  remove(): void;
}

/**
 * Copies `regions` of the recorded AWS snapshot into a temporary folder for `startLocalStack({
 * catalogueDir })`: a fan-out over a few regions exercises the same path as over all 30, faster.
 * @example const catalogue = smallCatalogue(["us-east-1", "eu-west-1"]);
 */
export function smallCatalogue(regions: readonly string[]): SmallCatalogue {
  const dir = mkdtempSync(join(tmpdir(), "latest-ami-catalogue-"));
  for (const region of regions)
    copyFileSync(join(SNAPSHOT_DIR, `${region}.json`), join(dir, `${region}.json`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
