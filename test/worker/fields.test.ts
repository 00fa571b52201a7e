import { describe, expect, it } from "vitest";
import { errorOf, get } from "./http.ts";

const NAME = "al2023-ami-2023.12.20260727.0-kernel-6.1-x86_64";

describe("field selection", () => {
  it("answers several fields as JSON, in the order asked", async () => {
    const response = await get("/latest/us-east-1?field=Name&field=ImageId");
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.text()).toBe(`{"Name":"${NAME}","ImageId":"ami-0006118602dfc1c09"}`);
  });

  it("takes a comma-separated fields list too, merged after field", async () => {
    const response = await get("/latest/us-east-1?fields=Architecture,ImageId&field=Region");
    expect(await response.json()).toEqual({
      Region: "us-east-1",
      Architecture: "x86_64",
      ImageId: "ami-0006118602dfc1c09",
    });
  });

  it("answers several fields as one tab-separated line with format=text", async () => {
    const response = await get("/latest/us-east-1?field=ImageId&field=Name&format=text");
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await response.text()).toBe(`ami-0006118602dfc1c09\t${NAME}\n`);
  });

  it("answers text when Accept asks for text/plain first", async () => {
    const response = await get("/latest/us-east-1?fields=ImageId,Architecture", {
      headers: { accept: "text/plain, */*" },
    });
    expect(await response.text()).toBe("ami-0006118602dfc1c09\tx86_64\n");
    expect(response.headers.get("vary")).toBe("Accept");
  });

  it("answers one field as JSON with format=json", async () => {
    expect(await (await get("/latest/us-east-1?field=ImageId&format=json")).json()).toEqual({
      ImageId: "ami-0006118602dfc1c09",
    });
  });

  it("follows a path into a structured field", async () => {
    expect(await (await get("/latest/us-east-1?field=Source.Version")).text()).toBe("182\n");
    expect(await (await get("/latest/us-east-1?field=Source.SsmParameter")).text()).toBe(
      "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64\n",
    );
  });

  it("404s a path this image does not have", async () => {
    const response = await get("/latest/us-east-1?field=BlockDeviceMappings.0.Ebs.SnapshotId");
    expect(response.status).toBe(404);
    expect(await errorOf(response)).toMatchObject({
      code: "field_absent",
      field: "BlockDeviceMappings.0.Ebs.SnapshotId",
    });
  });

  it("selects the answer's own Region, Family and RetrievedAt", async () => {
    const response = await get("/latest/eu-west-1/al2023-arm64?fields=Region,Family&format=text");
    expect(await response.text()).toBe("eu-west-1\tal2023-ami-kernel-default-arm64\n");
  });

  it.each([
    ["?format=yaml", 400, "unknown_format"],
    ["?format=text", 400, "field_required"],
    ["?field=", 400, "unknown_field"],
    ["?field=Source..Version", 400, "unknown_field"],
    ["?field=hasOwnProperty", 400, "unknown_field"],
    ["?field=__proto__.polluted", 400, "unknown_field"],
    [`?${Array.from({ length: 33 }, () => "field=ImageId").join("&")}`, 400, "too_many_fields"],
    [`?field=${"x".repeat(10_000)}`, 400, "unknown_field"],
  ])("refuses %s", async (query, status, code) => {
    const response = await get(`/latest/us-east-1${query}`);
    expect(response.status).toBe(status);
    expect((await errorOf(response)).code).toBe(code);
  });
});
