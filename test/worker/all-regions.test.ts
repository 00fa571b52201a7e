import { describe, expect, it } from "vitest";
import { errorOf, get } from "./http.ts";

describe("GET /latest (every region)", () => {
  it("lists one region<TAB>ImageId line a region, sorted", async () => {
    const response = await get("/latest?field=ImageId");
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    const lines = (await response.text()).trimEnd().split("\n");
    expect(lines).toHaveLength(30);
    expect(lines).toContain("us-east-1\tami-0006118602dfc1c09");
    expect(lines).toEqual([...lines].sort());
  });

  it("takes the family from ?family= (alias or canonical)", async () => {
    const text = await (await get("/latest?family=al2023-arm64&field=ImageId")).text();
    expect(text.split("\n")).toContain("eu-west-1\tami-0ab117b5527d5fe24");
  });

  it("answers a JSON map region → summary without fields", async () => {
    const map = (await (await get("/latest")).json()) as Record<string, Record<string, unknown>>;
    expect(Object.keys(map)).toHaveLength(30);
    expect(map["us-east-1"]).toEqual({
      ImageId: "ami-0006118602dfc1c09",
      Name: "al2023-ami-2023.12.20260727.0-kernel-6.1-x86_64",
      Architecture: "x86_64",
      CreationDate: "2026-07-27T00:00:00.000Z",
    });
  });

  it("leaves out regions that do not publish the family", async () => {
    const text = await (await get("/latest?family=ecs/amazon-linux-2022/arm64&field=ImageId")).text();
    // 23 regions list it; EC2 describes its image in 4 of them.
    expect(text.trimEnd().split("\n")).toHaveLength(4);
  });

  it("404s a family AWS publishes but whose images EC2 describes nowhere, naming the regions", async () => {
    const response = await get("/latest?family=amzn-ami-hvm-x86_64-s3&field=ImageId");
    expect(response.status).toBe(404);
    const error = await errorOf(response);
    expect(error.code).toBe("image_not_found");
    // All 21 regions of the snapshot that list the retired AL1 `-s3` line.
    expect(error.regions).toHaveLength(21);
  });

  it("400s a family given twice instead of reading the first", async () => {
    const response = await get("/latest?family=al2023&family=al2&field=ImageId");
    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe("invalid_family");
  });

  it("404s a family no region publishes", async () => {
    const response = await get("/latest?family=al2099&field=ImageId");
    expect(response.status).toBe(404);
    expect((await errorOf(response)).code).toBe("unknown_family");
  });
});

describe("GET /regions and /families", () => {
  it("lists the 30 regions the fan-out found", async () => {
    const body = (await (await get("/regions")).json()) as { Regions: string[] };
    expect(body.Regions).toHaveLength(30);
    expect(body.Regions[0]).toBe("af-south-1");
  });

  it("lists families with their aliases and regions", async () => {
    const body = (await (await get("/families")).json()) as {
      Default: string;
      Aliases: Record<string, string>;
      Families: Record<string, { Source: string; Aliases: string[]; Regions: string[] }>;
    };
    expect(body.Default).toBe("al2023-ami-kernel-default-x86_64");
    expect(body.Aliases.al2023).toBe("al2023-ami-kernel-default-x86_64");
    expect(body.Families["al2023-ami-kernel-default-x86_64"]).toMatchObject({
      Source: "ssm",
      Aliases: ["al2023"],
    });
    expect(body.Families["al2023-ami-kernel-default-x86_64"]?.Regions).toHaveLength(30);
    expect(body.Families["ecs/amazon-linux-2023/arm64"]?.Aliases).toEqual(["ecs-al2023-arm64"]);
    expect(body.Families["rocky-9"]).toMatchObject({ Source: "pattern", Aliases: [] });
    expect(body.Families["rocky-9"]?.Regions).toHaveLength(30);
    expect(body.Families["ecs-by-name/amazon-linux-2"]?.Source).toBe("pattern");
  });
});

describe("GET /healthz", () => {
  it("is 200 while every region is fresh, with each region's age", async () => {
    const response = await get("/healthz");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as {
      Status: string;
      Stale: string[];
      Regions: Record<string, { Stale: boolean }>;
    };
    expect(body.Status).toBe("ok");
    expect(body.Stale).toEqual([]);
    expect(Object.keys(body.Regions)).toHaveLength(30);
  });
});
