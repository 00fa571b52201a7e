import type { Image } from "@aws-sdk/client-ec2";
import type { Parameter } from "@aws-sdk/client-ssm";
import { describe, expect, it } from "vitest";
import { buildRegionDocument, familyPointers, pointedImageIds } from "../../refresher/build-document.ts";
import { snapshotRegion } from "../support/snapshot.ts";

/** The SDK's shapes of what AWS answered for a region of the snapshot. */
function answersOf(region: string): { parameters: Parameter[]; images: Image[] } {
  const data = snapshotRegion(region);
  const parameters = data.SsmParameters.map(
    (p): Parameter => ({
      ...p,
      LastModifiedDate: p.LastModifiedDate === undefined ? undefined : new Date(p.LastModifiedDate),
    }),
  );
  return { parameters, images: data.Images };
}

const retrievedAt = new Date("2026-07-27T21:00:00.000Z");

function build(region: string) {
  const result = buildRegionDocument({ region, ...answersOf(region), retrievedAt });
  if (!result.ok) throw new Error(result.reason);
  return result.document;
}

describe("buildRegionDocument on the us-east-1 snapshot", () => {
  const document = build("us-east-1");

  it("serves AWS's default-kernel choice as LatestImage, not the newest of the same-day images", () => {
    expect(document.LatestImage.ImageId).toBe("ami-0006118602dfc1c09");
    expect(document.LatestImage.Name).toBe("al2023-ami-2023.12.20260727.0-kernel-6.1-x86_64");
    expect(document.Images["al2023-ami-kernel-6.18-x86_64"]?.ImageId).toBe("ami-02b64aa047cb5edf5");
  });

  it("records where each ImageId came from", () => {
    expect(document.LatestImage.Source).toEqual({
      SsmParameter: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
      Version: 182,
      LastModifiedDate: "2026-07-27T19:36:18.767Z",
    });
    expect(document.Images["ecs/amazon-linux-2023/arm64"]?.Source).toEqual({
      SsmParameter: "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id",
    });
  });

  it("has every family whose image was described: 45 Amazon Linux + 18 ECS, less 5 retired AL1 images", () => {
    expect(Object.keys(document.Images)).toHaveLength(58);
    expect(Object.keys(document.Unresolved)).toEqual([
      "amzn-ami-hvm-x86_64-s3",
      "amzn-ami-minimal-hvm-x86_64-s3",
      "amzn-ami-minimal-pv-x86_64-ebs",
      "amzn-ami-minimal-pv-x86_64-s3",
      "amzn-ami-pv-x86_64-s3",
    ]);
    expect(document.Unresolved["amzn-ami-pv-x86_64-s3"]).toEqual({
      SsmParameter: "/aws/service/ami-amazon-linux-latest/amzn-ami-pv-x86_64-s3",
      ImageId: "ami-070a9b5b5b0825a85",
      Reason: "DescribeImages did not return this image",
    });
  });

  it("lists families in name order, so equal answers give equal bytes", () => {
    const families = Object.keys(document.Images);
    expect(families).toEqual([...families].sort());
    expect(document.RetrievedAt).toBe("2026-07-27T21:00:00.000Z");
  });
});

describe("buildRegionDocument edge cases", () => {
  const { parameters, images } = answersOf("eu-west-1");

  it("makes no document when the default family's image is missing", () => {
    const withoutDefault = images.filter((image) => image.ImageId !== "ami-02c25106ee38f6087");
    const result = buildRegionDocument({
      region: "eu-west-1",
      parameters,
      images: withoutDefault,
      retrievedAt,
    });
    expect(result).toMatchObject({
      ok: false,
      reason: "default family al2023-ami-kernel-default-x86_64 could not be resolved",
    });
  });

  it("reports a parameter whose value is not an image ID", () => {
    const odd: Parameter = { Name: "/aws/service/ami-amazon-linux-latest/al2023-future", Value: "pending" };
    const result = buildRegionDocument({
      region: "eu-west-1",
      parameters: [...parameters, odd],
      images,
      retrievedAt,
    });
    expect(result.ok && result.document.Unresolved["al2023-future"]?.Reason).toBe(
      "the parameter's value is not an image ID",
    );
  });

  it("asks DescribeImages for each distinct image once", () => {
    const ids = pointedImageIds(familyPointers(parameters));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain("ami-0ab117b5527d5fe24");
  });
});
