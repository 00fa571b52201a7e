import { describe, expect, it } from "vitest";
import type { RegionDocument } from "../../../contract/document.ts";
import { healthOf, STALE_AFTER_S } from "../../../worker/answers.ts";

const image = { ImageId: "ami-0006118602dfc1c09", Source: { SsmParameter: "/aws/service/x" } };
function documentOf(region: string, retrievedAt: string): RegionDocument {
  return { Region: region, RetrievedAt: retrievedAt, LatestImage: image, Images: {}, Unresolved: {} };
}
const now = new Date("2026-07-28T12:00:00.000Z");

describe("healthOf", () => {
  it("is healthy when every region is younger than two refresh intervals", () => {
    const health = healthOf([documentOf("us-east-1", "2026-07-28T00:00:01.000Z")], [], now);
    expect(STALE_AFTER_S).toBe(43_200);
    expect(health).toEqual({
      healthy: true,
      body: {
        Status: "ok",
        StaleAfterSeconds: 43_200,
        Stale: [],
        Regions: {
          "us-east-1": { RetrievedAt: "2026-07-28T00:00:01.000Z", AgeSeconds: 43_199, Stale: false },
        },
      },
    });
  });

  it("lists regions older than 12 hours and listed regions with no document as stale", () => {
    const health = healthOf(
      [
        documentOf("us-east-1", "2026-07-28T11:00:00.000Z"),
        documentOf("eu-west-1", "2026-07-27T23:59:59.000Z"),
      ],
      ["ap-southeast-7"],
      now,
    );
    expect(health.healthy).toBe(false);
    expect(health.body.Status).toBe("stale");
    expect(health.body.Stale).toEqual(["ap-southeast-7", "eu-west-1"]);
    expect(health.body.Regions["ap-southeast-7"]).toEqual({
      RetrievedAt: null,
      AgeSeconds: null,
      Stale: true,
    });
  });

  it("is not healthy with no region at all", () => {
    expect(healthOf([], [], now).healthy).toBe(false);
  });
});
