import { createHash } from "node:crypto";
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_S3_CREDENTIALS, type LocalS3, startLocalS3 } from "../../local/s3.ts";
import { rejectionOf } from "./clients.ts";

const BUCKET = "conditional-test";
const CONCURRENT_WRITERS = 20;

let s3: LocalS3;
let client: S3Client;

function s3Client(maxAttempts: number): S3Client {
  return new S3Client({
    endpoint: s3.url,
    region: "us-east-1",
    credentials: LOCAL_S3_CREDENTIALS,
    forcePathStyle: true,
    maxAttempts,
  });
}

/** The ETag s3rver (and S3, for a single-part upload) gives `body`: its MD5, quoted. */
function etagOf(body: string): string {
  return `"${createHash("md5").update(body).digest("hex")}"`;
}

function put(key: string, body: string, condition: { IfMatch?: string; IfNoneMatch?: string } = {}) {
  return client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, ...condition }));
}

async function bodyOf(key: string): Promise<string | undefined> {
  const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return object.Body?.transformToString();
}

/** An S3 error's name (S3's <Code>) and HTTP status; anything else is rethrown. */
function s3Error(error: unknown): { name: string; status: number | undefined } {
  if (!(error instanceof S3ServiceException)) throw error;
  return { name: error.name, status: error.$metadata.httpStatusCode };
}

/** The S3 error a promise rejects with. */
async function s3ErrorOf(promise: Promise<unknown>): Promise<{ name: string; status: number | undefined }> {
  return s3Error(await rejectionOf(promise));
}

beforeAll(async () => {
  s3 = await startLocalS3({ bucket: BUCKET });
  client = s3Client(1);
});

afterAll(async () => {
  await s3?.close();
});

afterEach(() => {
  s3.failWrites(undefined);
});

describe("If-None-Match: *", () => {
  it("writes a key that has no object, answering the new object's ETag", async () => {
    const written = await put("none-match/new.json", '{"v":1}', { IfNoneMatch: "*" });

    expect(written.ETag).toBe(etagOf('{"v":1}'));
    expect(await bodyOf("none-match/new.json")).toBe('{"v":1}');
  });

  it("refuses a key that has an object with 412 PreconditionFailed, leaving the object", async () => {
    await put("none-match/taken.json", '{"v":1}', { IfNoneMatch: "*" });

    const error = await s3ErrorOf(put("none-match/taken.json", '{"v":2}', { IfNoneMatch: "*" }));

    expect(error).toEqual({ name: "PreconditionFailed", status: 412 });
    expect(await bodyOf("none-match/taken.json")).toBe('{"v":1}');
  });

  it("answers S3's XML error body, naming the condition", async () => {
    await put("none-match/xml.json", "{}");

    const response = await fetch(`${s3.url}/${BUCKET}/none-match/xml.json`, {
      method: "PUT",
      body: "[]",
      headers: { "If-None-Match": "*" },
    });

    expect(response.status).toBe(412);
    expect(response.headers.get("content-type")).toBe("application/xml");
    expect(await response.text()).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>PreconditionFailed</Code>' +
        "<Message>At least one of the pre-conditions you specified did not hold</Message>" +
        "<Condition>If-None-Match</Condition></Error>",
    );
  });
});

describe("If-Match", () => {
  it("writes over the object whose ETag it names, answering the new ETag, which a next If-Match can use", async () => {
    const first = await put("match/current.json", '{"v":1}');

    const second = await put("match/current.json", '{"v":2}', { IfMatch: first.ETag });
    const third = await put("match/current.json", '{"v":3}', { IfMatch: second.ETag });

    expect(second.ETag).toBe(etagOf('{"v":2}'));
    expect(third.ETag).toBe(etagOf('{"v":3}'));
    expect(await bodyOf("match/current.json")).toBe('{"v":3}');
  });

  it("refuses a stale ETag with 412 PreconditionFailed, leaving the object exactly as it was", async () => {
    const stale = await put("match/stale.json", '{"v":1}');
    await put("match/stale.json", '{"v":2}');

    const error = await s3ErrorOf(put("match/stale.json", '{"v":3}', { IfMatch: stale.ETag }));

    expect(error).toEqual({ name: "PreconditionFailed", status: 412 });
    expect(await bodyOf("match/stale.json")).toBe('{"v":2}');
  });

  it("refuses a key with no object with 404 NoSuchKey, as S3 documents, creating nothing", async () => {
    const error = await s3ErrorOf(put("match/missing.json", "{}", { IfMatch: etagOf("{}") }));

    expect(error).toEqual({ name: "NoSuchKey", status: 404 });
    const head = await s3ErrorOf(
      client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "match/missing.json" })),
    );
    expect(head).toEqual({ name: "NotFound", status: 404 });
  });

  it(`lets exactly one of ${CONCURRENT_WRITERS} concurrent writers with the same ETag win; the rest get 412`, async () => {
    const base = await put("match/race.json", "base");
    const bodies = Array.from({ length: CONCURRENT_WRITERS }, (_, writer) => `writer-${writer}`);

    const outcomes = await Promise.allSettled(
      bodies.map((body) => put("match/race.json", body, { IfMatch: base.ETag })),
    );

    const winners = bodies.filter((_, writer) => outcomes[writer]?.status === "fulfilled");
    expect(winners).toHaveLength(1);
    const losers = outcomes.flatMap((outcome) =>
      outcome.status === "rejected" ? [s3Error(outcome.reason)] : [],
    );
    expect(losers).toEqual(Array(CONCURRENT_WRITERS - 1).fill({ name: "PreconditionFailed", status: 412 }));
    const winner = winners[0] ?? "";
    expect(await bodyOf("match/race.json")).toBe(winner);
    const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "match/race.json" }));
    expect(head.ETag).toBe(etagOf(winner));
  });
});

describe("unconditional writes", () => {
  it("still overwrite an existing object", async () => {
    await put("plain/over.json", '{"v":1}');

    const written = await put("plain/over.json", '{"v":2}');

    expect(written.ETag).toBe(etagOf('{"v":2}'));
    expect(await bodyOf("plain/over.json")).toBe('{"v":2}');
  });
});

describe("write faults", () => {
  it("fail PutObject with S3's error and leave the stored object as it was", async () => {
    await put("fault/kept.json", '{"v":1}');
    s3.failWrites({ status: 500, code: "InternalError" });

    const error = await s3ErrorOf(put("fault/kept.json", '{"v":2}'));

    expect(error).toEqual({ name: "InternalError", status: 500 });
    s3.failWrites(undefined);
    expect(await bodyOf("fault/kept.json")).toBe('{"v":1}');
  });

  it("leave no object behind when the key had none", async () => {
    s3.failWrites({ status: 503, code: "SlowDown" });

    const error = await s3ErrorOf(put("fault/never.json", "{}"));

    expect(error).toEqual({ name: "SlowDown", status: 503 });
    const head = await s3ErrorOf(
      client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "fault/never.json" })),
    );
    expect(head).toEqual({ name: "NotFound", status: 404 });
  });

  it("fail only `times` PUTs, then let writes through", async () => {
    s3.failWrites({ status: 503, code: "SlowDown", times: 2 });

    const first = await s3ErrorOf(put("fault/times.json", "1"));
    const second = await s3ErrorOf(put("fault/times.json", "2"));
    const third = await put("fault/times.json", "3");

    expect([first.name, second.name]).toEqual(["SlowDown", "SlowDown"]);
    expect(third.ETag).toBe(etagOf("3"));
    expect(await bodyOf("fault/times.json")).toBe("3");
  });

  it("are retried by the SDK, and every attempt is counted", async () => {
    s3.failWrites({ status: 500, code: "InternalError", times: 2 });

    const written = await s3Client(3).send(
      new PutObjectCommand({ Bucket: BUCKET, Key: "fault/retried.json", Body: "{}" }),
    );

    expect(written.ETag).toBe(etagOf("{}"));
    expect(s3.putCount("fault/retried")).toBe(3);
  });

  it("touch only keys containing `match`", async () => {
    s3.failWrites({ status: 500, code: "InternalError", match: "eu-west-1" });

    const error = await s3ErrorOf(put("fault/v1/eu-west-1.json", "{}"));
    const other = await put("fault/v1/us-east-1.json", "{}");

    expect(error.name).toBe("InternalError");
    expect(other.ETag).toBe(etagOf("{}"));
  });

  it("leave reads and listings alone", async () => {
    await put("fault/read/a.json", '{"a":1}');
    s3.failWrites({ status: 500, code: "InternalError" });

    const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "fault/read/a.json" }));
    const listing = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "fault/read/" }));

    expect(await bodyOf("fault/read/a.json")).toBe('{"a":1}');
    expect(head.ETag).toBe(etagOf('{"a":1}'));
    expect(listing.Contents?.map((object) => object.Key)).toEqual(["fault/read/a.json"]);
  });

  it("are refused unless times is a positive whole number", () => {
    expect(() => s3.failWrites({ status: 500, code: "InternalError", times: 0 })).toThrow(
      "a write fault's times must be a positive integer, not 0",
    );
  });
});

describe("putCount", () => {
  it("counts PutObject requests by key substring, refused ones included", async () => {
    await put("count/a.json", "{}", { IfNoneMatch: "*" });
    await s3ErrorOf(put("count/a.json", "{}", { IfNoneMatch: "*" }));
    await put("count/b.json", "{}");

    expect([s3.putCount("count/a"), s3.putCount("count/")]).toEqual([2, 3]);
  });
});
