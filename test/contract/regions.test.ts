import { describe, expect, it } from "vitest";
import { isRegionName } from "../../contract/regions.ts";

describe("isRegionName", () => {
  it.each(["us-east-1", "ap-southeast-5", "us-gov-west-1", "eu-isoe-west-1", "il-central-1", "mx-central-1"])(
    "accepts %s",
    (name) => {
      expect(isRegionName(name)).toBe(true);
    },
  );

  it.each([
    "US-EAST-1",
    "us-east",
    "us-east-0",
    "us-east-1/",
    "../us-east-1",
    "us-east-1.json",
    "us_east_1",
    "",
    "u-east-1",
    "us-east-123",
    `us-${"a".repeat(40)}-1`,
    "us-east-1\n",
    "us-east-1%00",
  ])("rejects %j", (name) => {
    expect(isRegionName(name)).toBe(false);
  });
});
