import { describe, expect, it } from "vitest";
import { judgeWrite } from "../../local/s3-conditional-writes.ts";
import { objectWrite } from "../../local/s3-object-write.ts";

const ETAG = '"9a0364b9e99bb480dd25e1f0284c8555"';

describe("objectWrite", () => {
  it("reads bucket and key from a path-style SDK PutObject", () => {
    expect(objectWrite("PUT", "/latest-ami/v1/us-east-1.json?x-id=PutObject", "127.0.0.1:4569")).toEqual({
      method: "PUT",
      bucket: "latest-ami",
      key: "v1/us-east-1.json",
    });
  });

  it("decodes the key as s3rver's router does", () => {
    expect(objectWrite("DELETE", "/b/v1/a%20b%26c.json", "localhost:4569")?.key).toBe("v1/a b&c.json");
  });

  it("takes the bucket from a virtual-hosted name, as s3rver's vhost middleware does", () => {
    expect(objectWrite("PUT", "/v1/x.json", "latest-ami.s3.us-east-1.amazonaws.com")).toEqual({
      method: "PUT",
      bucket: "latest-ami",
      key: "v1/x.json",
    });
  });

  it("ignores reads, bucket requests, and sub-resources such as multipart parts", () => {
    expect([
      objectWrite("GET", "/b/k", "127.0.0.1"),
      objectWrite("PUT", "/b", "127.0.0.1"),
      objectWrite("PUT", "/b/k?partNumber=1&uploadId=u", "127.0.0.1"),
      objectWrite("PUT", "/b/k?tagging", "127.0.0.1"),
    ]).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe("judgeWrite", () => {
  it("lets an unconditional write through whatever is stored", () => {
    expect(judgeWrite({ ifMatch: undefined, ifNoneMatch: undefined }, ETAG, "k")).toBeUndefined();
  });

  it("matches an If-Match ETag sent without its quotes", () => {
    expect(judgeWrite({ ifMatch: ETAG.slice(1, -1), ifNoneMatch: undefined }, ETAG, "k")).toBeUndefined();
  });

  it("answers 501 NotImplemented for If-None-Match with an ETag, as S3 does", () => {
    expect(judgeWrite({ ifMatch: undefined, ifNoneMatch: ETAG }, undefined, "k")).toEqual({
      status: 501,
      code: "NotImplemented",
      message: "A header you provided implies functionality that is not implemented",
      details: { Header: "If-None-Match" },
    });
  });

  it("answers 501 NotImplemented for If-Match and If-None-Match together", () => {
    expect(judgeWrite({ ifMatch: ETAG, ifNoneMatch: "*" }, ETAG, "k")?.code).toBe("NotImplemented");
  });

  it("names the key in a NoSuchKey answer", () => {
    expect(judgeWrite({ ifMatch: ETAG, ifNoneMatch: undefined }, undefined, "v1/a.json")).toEqual({
      status: 404,
      code: "NoSuchKey",
      message: "The specified key does not exist.",
      details: { Key: "v1/a.json" },
    });
  });
});
