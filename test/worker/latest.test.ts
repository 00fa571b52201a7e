import { describe, expect, it } from "vitest";
import { errorOf, get } from "./http.ts";

describe("GET /latest/:region", () => {
  it("answers one field as a line of text", async () => {
    const response = await get("/latest/us-east-1?field=ImageId");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await response.text()).toBe("ami-0006118602dfc1c09\n");
  });

  it("answers the default family as JSON", async () => {
    const response = await get("/latest/us-east-1");
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown> & {
      LatestImage: Record<string, unknown>;
    };
    expect(body.Region).toBe("us-east-1");
    expect(body.Family).toBe("al2023-ami-kernel-default-x86_64");
    expect(body.LatestImage.Name).toBe("al2023-ami-2023.12.20260727.0-kernel-6.1-x86_64");
    expect(body.LatestImage.CreationDate).toBe("2026-07-27T00:00:00.000Z");
  });
});

describe("GET /latest/:region/:family", () => {
  it("resolves an alias", async () => {
    expect(await (await get("/latest/eu-west-1/al2023-arm64?field=ImageId")).text()).toBe(
      "ami-0ab117b5527d5fe24\n",
    );
  });

  it("serves a canonical SSM family name", async () => {
    const response = await get("/latest/us-west-2/amzn2-ami-hvm-x86_64-gp2?field=Name");
    expect(await response.text()).toBe("amzn2-ami-hvm-2.0.20260727.0-x86_64-gp2\n");
  });

  it("serves an ECS family, whose name has slashes", async () => {
    const response = await get("/latest/us-east-1/ecs/amazon-linux-2023/arm64?field=Name");
    expect(await response.text()).toBe("al2023-ami-ecs-hvm-2023.0.20260226-kernel-6.1-arm64\n");
  });

  it("answers a field of the answer itself", async () => {
    expect(await (await get("/latest/eu-west-1/al2023?field=Family")).text()).toBe(
      "al2023-ami-kernel-default-x86_64\n",
    );
  });

  it("answers a structured field as JSON text", async () => {
    const response = await get("/latest/us-east-1?field=Source");
    expect(JSON.parse(await response.text())).toEqual({
      SsmParameter: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
      Version: 182,
      LastModifiedDate: "2026-07-27T19:36:18.767Z",
    });
  });
});

describe("errors", () => {
  it("404s a well-formed region that has no document", async () => {
    const response = await get("/latest/xx-nowhere-1");
    expect(response.status).toBe(404);
    expect(await errorOf(response)).toEqual({
      code: "unknown_region",
      message: "No images are published for region xx-nowhere-1.",
      region: "xx-nowhere-1",
    });
  });

  it("400s a malformed region without asking the origin", async () => {
    const response = await get("/latest/us_east_1");
    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe("invalid_region");
  });

  it("404s an unknown family", async () => {
    const response = await get("/latest/us-east-1/al2099");
    expect(response.status).toBe(404);
    expect(await errorOf(response)).toMatchObject({ code: "unknown_family", family: "al2099" });
  });

  it("404s a family whose image AWS no longer describes, naming that image", async () => {
    const response = await get("/latest/us-east-1/amzn-ami-pv-x86_64-s3?field=ImageId");
    expect(response.status).toBe(404);
    expect(await errorOf(response)).toMatchObject({
      code: "image_not_found",
      imageId: "ami-070a9b5b5b0825a85",
    });
  });

  it.each(["Bogus", "__proto__", "constructor", "toString"])(
    "400s the unknown field %s, listing the valid ones",
    async (field) => {
      const response = await get(`/latest/us-east-1?field=${field}`);
      expect(response.status).toBe(400);
      const error = await errorOf(response);
      expect(error.code).toBe("unknown_field");
      expect(error.validFields).toContain("ImageId");
    },
  );

  it("404s a field this image does not have", async () => {
    const response = await get("/latest/us-east-1?field=DeprecationTime");
    expect(response.status).toBe(404);
    expect(await errorOf(response)).toMatchObject({ code: "field_absent", field: "DeprecationTime" });
  });

  it("404s an unknown path as JSON", async () => {
    const response = await get("/nope");
    expect(response.status).toBe(404);
    expect((await errorOf(response)).code).toBe("not_found");
  });
});

describe("malformed family names", () => {
  it.each(["AL2023", "al2023%20x", "..%2f..%2fetc", "a//b", "x".repeat(200)])("400s %s", async (family) => {
    const response = await get(`/latest/us-east-1/${family}`);
    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe("invalid_family");
  });
});

describe("families chosen by owner and name pattern", () => {
  it.each([
    ["rocky-9", "ami-0f00000000000a001"],
    ["rocky-9-arm64", "ami-0f00000000000a006"],
    ["almalinux-9", "ami-0f00000000000b001"],
    ["centos-stream-9", "ami-0f00000000000c002"],
  ])("serves %s like any other family (made-up fixture images)", async (family, imageId) => {
    expect(await (await get(`/latest/eu-west-1/${family}?field=ImageId`)).text()).toBe(`${imageId}\n`);
  });

  it("says how the image was chosen", async () => {
    const response = await get("/latest/us-east-1/rocky-9?field=Source");
    expect(JSON.parse(await response.text())).toEqual({
      Pattern: {
        Owners: ["792107900819"],
        NamePattern: "Rocky-9-EC2-Base-9.*-*.x86_64",
        Architecture: "x86_64",
      },
    });
  });

  it("serves the ECS line chosen by name, which agrees with AWS's recommended parameter", async () => {
    const byName = await (
      await get("/latest/us-east-1/ecs-by-name/amazon-linux-2023/arm64?field=ImageId")
    ).text();
    const recommended = await (await get("/latest/us-east-1/ecs-al2023-arm64?field=ImageId")).text();
    expect(byName).toBe("ami-07033a1a30f75c132\n");
    expect(byName).toBe(recommended);
  });
});
