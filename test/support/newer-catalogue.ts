import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AMAZON_LINUX_PATH } from "../../contract/families.ts";
import { SNAPSHOT_DIR, type SnapshotRegion } from "./snapshot.ts";

/**
 * A newer catalogue, derived from the snapshot for the feed tests: the same 30 regions, except that
 * AWS has moved four parameters to images published on 2026-08-10. The new images are MADE UP
 * (IDs `ami-0e00000000000b…`, described as such), copies of the images they replace with a new ID
 * and name; each moved parameter's Version goes up by one, as AWS's does.
 */

export interface Move {
  region: string;
  family: string;
  /** The made-up image AWS's parameter names in the newer catalogue. */
  imageId: string;
  name: string;
}

/** When the moved parameters changed, in the newer catalogue. */
export const MOVED_AT = "2026-08-10T19:00:00.000Z";

export const MOVES: readonly Move[] = [
  {
    region: "us-east-1",
    family: "al2023-ami-kernel-default-x86_64",
    imageId: "ami-0e00000000000b001",
    name: "al2023-ami-2023.12.20260810.0-kernel-6.1-x86_64",
  },
  {
    region: "us-east-1",
    family: "al2023-ami-kernel-default-arm64",
    imageId: "ami-0e00000000000b002",
    name: "al2023-ami-2023.12.20260810.0-kernel-6.1-arm64",
  },
  {
    region: "eu-west-1",
    family: "al2023-ami-kernel-default-x86_64",
    imageId: "ami-0e00000000000b003",
    name: "al2023-ami-2023.12.20260810.0-kernel-6.1-x86_64",
  },
  {
    region: "ap-southeast-2",
    family: "al2023-ami-kernel-default-x86_64",
    imageId: "ami-0e00000000000b004",
    name: "al2023-ami-2023.12.20260810.0-kernel-6.1-x86_64",
  },
];

/** Writes the newer catalogue into a new temporary folder and returns its path. */
export function writeNewerCatalogue(): string {
  const dir = mkdtempSync(join(tmpdir(), "latest-ami-newer-catalogue-"));
  for (const file of readdirSync(SNAPSHOT_DIR).filter((name) => name.endsWith(".json"))) {
    const region = file.slice(0, -".json".length);
    const moves = MOVES.filter((move) => move.region === region);
    if (moves.length === 0) {
      copyFileSync(join(SNAPSHOT_DIR, file), join(dir, file));
      continue;
    }
    const data = JSON.parse(readFileSync(join(SNAPSHOT_DIR, file), "utf8")) as SnapshotRegion;
    for (const move of moves) {
      const parameter = data.SsmParameters.find((p) => p.Name === AMAZON_LINUX_PATH + move.family);
      const image = data.Images.find((i) => i.ImageId === parameter?.Value);
      if (!parameter || !image) throw new Error(`${region} has no described ${move.family}`);
      data.Images.push({
        ...image,
        ImageId: move.imageId,
        Name: move.name,
        Description: `MADE UP for the feed tests: the ${move.family} image after ${image.ImageId}`,
      });
      parameter.Value = move.imageId;
      parameter.Version = (parameter.Version ?? 0) + 1;
      parameter.LastModifiedDate = MOVED_AT;
    }
    writeFileSync(join(dir, file), JSON.stringify(data));
  }
  return dir;
}
