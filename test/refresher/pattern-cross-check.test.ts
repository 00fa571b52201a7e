import { EC2Client } from "@aws-sdk/client-ec2";
import pMap from "p-map";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHIPPED_PATTERN_FAMILIES } from "../../contract/pattern-families.ts";
import { type LocalAws, startLocalAws } from "../../local/aws/server.ts";
import { describePatternImages } from "../../refresher/aws-reads.ts";
import { selectImage } from "../../refresher/select-image.ts";
import { snapshotRegions, ssmValue } from "../support/snapshot.ts";

/** The ECS lines chosen by name, and the parameter AWS recommends for each. */
const ECS_CROSS_CHECKS: Record<string, string> = {
  "ecs-by-name/amazon-linux-2023": "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id",
  "ecs-by-name/amazon-linux-2023/arm64":
    "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id",
  "ecs-by-name/amazon-linux-2": "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended/image_id",
  "ecs-by-name/amazon-linux-2/arm64":
    "/aws/service/ecs/optimized-ami/amazon-linux-2/arm64/recommended/image_id",
};

let aws: LocalAws;

beforeAll(async () => {
  aws = await startLocalAws({ extraImagesFile: false });
});

afterAll(async () => {
  await aws?.close();
});

describe("pattern selection on the real snapshot", () => {
  it("agrees with AWS's recommended ECS parameter in all 120 region × family pairs", async () => {
    const families = SHIPPED_PATTERN_FAMILIES.filter((family) => family.Name in ECS_CROSS_CHECKS);
    const owners = [...new Set(families.flatMap((family) => family.Owners))];
    const patterns = families.map((family) => family.NamePattern);
    const now = new Date("2026-07-28T00:00:00Z");
    const rows = await pMap(
      snapshotRegions(),
      async (region) => {
        const ec2 = new EC2Client({
          region,
          endpoint: aws.url,
          credentials: { accessKeyId: "x", secretAccessKey: "x" },
        });
        const calls: Record<string, number> = {};
        const images = await describePatternImages(ec2, owners, patterns, calls);
        expect(calls).toEqual({ DescribeImages: 1 });
        return families.map((family) => ({
          region,
          family: family.Name,
          picked: selectImage(family, images, now)?.ImageId,
          recommended: ssmValue(region, ECS_CROSS_CHECKS[family.Name] ?? ""),
        }));
      },
      { concurrency: 6 },
    );
    const pairs = rows.flat();
    expect(pairs).toHaveLength(120);
    expect(pairs.filter((pair) => pair.picked !== pair.recommended)).toEqual([]);
  });
});
