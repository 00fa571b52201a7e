import { S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { isWriteConflict, readJsonObject } from "../../refresher/store.ts";

/** An S3 error as the SDK raises it. */
function s3Error(name: string, status: number): S3ServiceException {
  return new S3ServiceException({
    name,
    $fault: "client",
    $metadata: { httpStatusCode: status },
    message: name,
  });
}

/** A client whose every call fails with `error`: S3's IAM answers cannot be had from a local server. */
function failingClient(error: Error): S3Client {
  const client = new S3Client({
    region: "us-east-1",
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
  });
  client.send = () => Promise.reject(error);
  return client;
}

describe("readJsonObject", () => {
  it("reads a 403 (no s3:ListBucket: S3's answer for a missing key) as no object", async () => {
    await expect(
      readJsonObject(failingClient(s3Error("AccessDenied", 403)), "b", "v1/x.json"),
    ).resolves.toEqual({
      content: undefined,
      etag: undefined,
    });
  });

  it("does not hide other failures", async () => {
    await expect(readJsonObject(failingClient(s3Error("InternalError", 500)), "b", "k")).rejects.toThrow(
      "InternalError",
    );
  });
});

describe("isWriteConflict", () => {
  it.each([
    ["PreconditionFailed", 412, true],
    ["ConditionalRequestConflict", 409, true],
    ["InternalError", 500, false],
    ["AccessDenied", 403, false],
  ])("%s (%i) → %s", (name, status, expected) => {
    expect(isWriteConflict(s3Error(name, status))).toBe(expected);
  });
});
