import { describe, expect, it } from "vitest";
import {
  documentKey,
  InvalidDocumentError,
  parseRegionDocument,
  regionListKey,
} from "../../contract/document.ts";

const image = {
  ImageId: "ami-0006118602dfc1c09",
  Name: "al2023-ami-2023.12.20260727.0-kernel-6.1-x86_64",
  Source: {
    SsmParameter: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
    Version: 182,
    LastModifiedDate: "2026-07-27T19:36:18.767Z",
  },
};
const valid = {
  Region: "us-east-1",
  RetrievedAt: "2026-07-27T20:00:00.000Z",
  LatestImage: image,
  Images: { "al2023-ami-kernel-default-x86_64": image },
  Unresolved: {},
};

describe("parseRegionDocument", () => {
  it("accepts a valid document unchanged", () => {
    expect(parseRegionDocument(structuredClone(valid))).toEqual(valid);
  });

  it("treats a missing Unresolved as none", () => {
    const { Unresolved: _, ...withoutUnresolved } = valid;
    expect(parseRegionDocument(withoutUnresolved).Unresolved).toEqual({});
  });

  it.each([
    ["not an object", [], "document is not an object"],
    ["no Region", { ...valid, Region: 1 }, "document.Region is not a string"],
    [
      "a RetrievedAt that is no date",
      { ...valid, RetrievedAt: "yesterday" },
      "document.RetrievedAt is not a date",
    ],
    [
      "an image with no ImageId",
      { ...valid, LatestImage: { Source: image.Source } },
      "LatestImage.ImageId is not a string",
    ],
    [
      "an image with no Source",
      { ...valid, Images: { x: { ImageId: "ami-1" } } },
      "Images.x.Source is not an object",
    ],
  ])("rejects %s", (_, value, message) => {
    expect(() => parseRegionDocument(value)).toThrow(new InvalidDocumentError(message));
  });
});

describe("object keys", () => {
  it("puts documents and the region list under the prefix", () => {
    expect(documentKey("v1", "eu-west-1")).toBe("v1/eu-west-1.json");
    expect(regionListKey("v1")).toBe("v1/regions.json");
    expect(documentKey("", "eu-west-1")).toBe("eu-west-1.json");
  });
});
