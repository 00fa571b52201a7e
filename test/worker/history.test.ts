import { describe, expect, it } from "vitest";
import { errorOf, get } from "./http.ts";

interface History {
  Region: string;
  Family: string;
  Images: { ImageId: string; Name?: string; CreationDate?: string; FirstSeen: string }[];
}

describe("GET /history/:region/:family", () => {
  it("lists the family's images with when each was first seen, and dates the answer by the newest", async () => {
    const response = await get("/history/us-east-1/al2023-ami-kernel-default-x86_64");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    const body = (await response.json()) as History;
    expect(body.Region).toBe("us-east-1");
    expect(body.Family).toBe("al2023-ami-kernel-default-x86_64");
    // One refresh of the snapshot (a repeated one adds nothing): one image.
    expect(body.Images).toHaveLength(1);
    const [image] = body.Images;
    expect(image).toEqual({
      ImageId: "ami-0006118602dfc1c09",
      Name: "al2023-ami-2023.12.20260727.0-kernel-6.1-x86_64",
      CreationDate: "2026-07-27T00:00:00.000Z",
      FirstSeen: image?.FirstSeen,
    });
    expect(new Date(image?.FirstSeen ?? "").toISOString()).toBe(image?.FirstSeen);
    expect(response.headers.get("last-modified")).toBe(new Date(image?.FirstSeen ?? "").toUTCString());
    expect(response.headers.get("etag")).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    expect(response.headers.get("cache-control")).toBe(
      "public, max-age=300, stale-while-revalidate=3600, stale-if-error=86400",
    );
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("resolves an alias and serves a family whose name has slashes", async () => {
    const alias = (await (await get("/history/eu-west-1/al2023-arm64")).json()) as History;
    expect(alias.Family).toBe("al2023-ami-kernel-default-arm64");
    expect(alias.Images.map((i) => i.ImageId)).toEqual(["ami-0ab117b5527d5fe24"]);
    const ecs = (await (await get("/history/us-east-1/ecs/amazon-linux-2023/arm64")).json()) as History;
    expect(ecs.Images.map((i) => i.Name)).toEqual(["al2023-ami-ecs-hvm-2023.0.20260226-kernel-6.1-arm64"]);
  });

  it("answers 304 to its own ETag", async () => {
    const first = await get("/history/eu-west-1/al2023");
    const again = await get("/history/eu-west-1/al2023", {
      headers: { "if-none-match": first.headers.get("etag") ?? "" },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });

  it("redirects an upper-case region to the canonical URL", async () => {
    const response = await get("/history/US-EAST-1/al2023?x=1");
    expect(response.status).toBe(301);
    expect(response.headers.get("location")).toBe("/history/us-east-1/al2023?x=1");
  });

  it.each([
    ["/history/us-east-1/al2099", 404, "unknown_family"],
    ["/history/xx-nowhere-1/al2023", 404, "unknown_region"],
    ["/history/us_east_1/al2023", 400, "invalid_region"],
    ["/history/us-east-1/AL..2023", 400, "invalid_family"],
  ])("%s → %i %s", async (path, status, code) => {
    const response = await get(path);
    expect(response.status).toBe(status);
    expect((await errorOf(response)).code).toBe(code);
    expect(response.headers.get("cache-control")).toBe("public, max-age=60");
  });

  it("is not found without a family", async () => {
    const response = await get("/history/us-east-1");
    expect(response.status).toBe(404);
    expect((await errorOf(response)).code).toBe("not_found");
  });
});
