/**
 * Reads the AMI snapshot straight from its files, so tests count what the endpoint should serve
 * without going through the endpoint's own parser.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The snapshot fields the tests count by. */
export interface SnapshotRegion {
  parameterNames: string[];
  images: { ImageId: string; OwnerId: string; Name: string }[];
}

const SNAPSHOT_DIR = fileURLToPath(new URL("../../local/fixtures/aws-snapshot/", import.meta.url));

/** One region's parameter names and images, as recorded. */
export function readSnapshot(region: string): SnapshotRegion {
  const file: unknown = JSON.parse(readFileSync(`${SNAPSHOT_DIR}${region}.json`, "utf8"));
  if (typeof file !== "object" || file === null || !("SsmParameters" in file) || !("Images" in file)) {
    throw new Error(`${region}.json is not a snapshot file`);
  }
  const { SsmParameters, Images } = file;
  if (!Array.isArray(SsmParameters) || !Array.isArray(Images)) {
    throw new Error(`${region}.json has no parameter or image list`);
  }
  return {
    parameterNames: SsmParameters.map((parameter) => stringField(parameter, "Name")),
    images: Images.map((image) => ({
      ImageId: stringField(image, "ImageId"),
      OwnerId: stringField(image, "OwnerId"),
      Name: stringField(image, "Name"),
    })),
  };
}

function stringField(record: unknown, key: string): string {
  const value =
    typeof record === "object" && record !== null && key in record ? Reflect.get(record, key) : undefined;
  if (typeof value !== "string") {
    throw new Error(`snapshot entry without a string ${key}`);
  }
  return value;
}
