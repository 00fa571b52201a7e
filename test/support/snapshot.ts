import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The AWS snapshot the local endpoint serves, read directly so tests can state what AWS said. */
export const SNAPSHOT_DIR = fileURLToPath(new URL("../../local/fixtures/aws-snapshot/", import.meta.url));

export interface SnapshotParameter {
  Name: string;
  Value: string;
  Version?: number;
  LastModifiedDate?: string;
}
export interface SnapshotImage {
  ImageId: string;
  Name: string;
  OwnerId: string;
  [field: string]: unknown;
}
export interface SnapshotRegion {
  Region: string;
  OptInStatus: string;
  SsmParameters: SnapshotParameter[];
  Images: SnapshotImage[];
}

/** Every region in the snapshot, sorted. */
export function snapshotRegions(): string[] {
  return readdirSync(SNAPSHOT_DIR)
    .filter((file) => file.endsWith(".json"))
    .map((file) => file.slice(0, -".json".length))
    .sort();
}

const cache = new Map<string, SnapshotRegion>();

/** One region of the snapshot, parsed once. */
export function snapshotRegion(region: string): SnapshotRegion {
  let data = cache.get(region);
  if (!data) {
    data = JSON.parse(readFileSync(`${SNAPSHOT_DIR}${region}.json`, "utf8")) as SnapshotRegion;
    cache.set(region, data);
  }
  return data;
}

/** The value of one SSM parameter in a region, or a thrown error naming it. */
export function ssmValue(region: string, name: string): string {
  const parameter = snapshotRegion(region).SsmParameters.find((p) => p.Name === name);
  if (!parameter) throw new Error(`${region} has no parameter ${name}`);
  return parameter.Value;
}
