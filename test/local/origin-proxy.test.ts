import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type OriginProxy, startOriginProxy } from "../../local/origin-proxy.ts";
import { LOCAL_S3_CREDENTIALS, type LocalS3, startLocalS3 } from "../../local/s3.ts";
import { rejectionOf } from "./clients.ts";

const BUCKET = "origin-proxy-test";
const KEY = "v1/us-east-1.json";
const OTHER_KEY = "v1/eu-west-1.json";
const DOCUMENT = '{"Region":"us-east-1","LatestImage":{"ImageId":"ami-0006118602dfc1c09"}}';
const OTHER_DOCUMENT = '{"Region":"eu-west-1"}';
const PATH = `/${BUCKET}/${KEY}`;
const OTHER_PATH = `/${BUCKET}/${OTHER_KEY}`;

function s3Client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: "us-east-1",
    credentials: LOCAL_S3_CREDENTIALS,
    forcePathStyle: true,
    maxAttempts: 1,
  });
}

/** Resolves once `condition` holds, checking every few milliseconds. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

let s3: LocalS3;
let proxy: OriginProxy;

beforeAll(async () => {
  s3 = await startLocalS3({ bucket: BUCKET });
  const client = s3Client(s3.url);
  for (const [key, body] of [
    [KEY, DOCUMENT],
    [OTHER_KEY, OTHER_DOCUMENT],
  ] as const) {
    await client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, ContentType: "application/json" }),
    );
  }
});

afterAll(async () => {
  await s3?.close();
});

beforeEach(async () => {
  proxy = await startOriginProxy({ target: s3.url });
});

afterEach(async () => {
  await proxy.close();
});

describe("forwarding", () => {
  it("answers a GET with the object's exact body and type", async () => {
    const response = await fetch(`${proxy.url}${PATH}`);

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.text()).toBe(DOCUMENT);
  });

  it("forwards under the target's path when it has one", async () => {
    const bucketProxy = await startOriginProxy({ target: `${s3.url}/${BUCKET}/` });
    try {
      const response = await fetch(`${bucketProxy.url}/${KEY}`);

      expect(await response.text()).toBe(DOCUMENT);
      expect(bucketProxy.counts()).toEqual({ [`GET /${KEY}`]: 1 });
    } finally {
      await bucketProxy.close();
    }
  });

  it("passes S3's own error status through", async () => {
    const response = await fetch(`${proxy.url}/${BUCKET}/v1/nowhere-1.json`);

    expect(response.status).toBe(404);
    expect(await response.text()).toContain("<Code>NoSuchKey</Code>");
  });

  it("forwards a signed SDK PutObject with its body and signature intact", async () => {
    await s3Client(proxy.url).send(
      new PutObjectCommand({ Bucket: BUCKET, Key: "v1/put-through.json", Body: "{}" }),
    );

    const stored = await s3Client(s3.url).send(
      new GetObjectCommand({ Bucket: BUCKET, Key: "v1/put-through.json" }),
    );
    expect(await stored.Body?.transformToString()).toBe("{}");
    expect(proxy.counts()).toEqual({ [`PUT /${BUCKET}/v1/put-through.json`]: 1 });
  });

  it("counts requests by method and path, without the query", async () => {
    await (await fetch(`${proxy.url}${PATH}`)).text();
    await (await fetch(`${proxy.url}${PATH}?versionId=null`)).text();
    await (await fetch(`${proxy.url}${PATH}`, { method: "HEAD" })).text();
    await (await fetch(`${proxy.url}${OTHER_PATH}`)).text();

    expect(proxy.counts()).toEqual({ [`GET ${PATH}`]: 2, [`HEAD ${PATH}`]: 1, [`GET ${OTHER_PATH}`]: 1 });
  });

  it("rejects a port already in use with one clear line", async () => {
    const error = await rejectionOf(startOriginProxy({ target: s3.url, port: proxy.port }));

    expect(error.message).toBe(`port ${proxy.port} on 127.0.0.1 is already in use`);
  });
});

describe("faults", () => {
  it("down: resets the connection without answering", async () => {
    proxy.setFault({ kind: "down" });

    const error = await rejectionOf(fetch(`${proxy.url}${PATH}`));

    expect(error).toBeInstanceOf(TypeError);
    expect(error.cause).toMatchObject({ code: "ECONNRESET" });
    expect(proxy.counts()).toEqual({ [`GET ${PATH}`]: 1 });
  });

  it("slow: answers normally after the delay", async () => {
    proxy.setFault({ kind: "slow", delayMs: 200 });
    const started = performance.now();

    const response = await fetch(`${proxy.url}${PATH}`);
    const body = await response.text();

    expect(performance.now() - started).toBeGreaterThanOrEqual(200);
    expect(response.status).toBe(200);
    expect(body).toBe(DOCUMENT);
  });

  it("hang: never answers, so a reader's timeout fires", async () => {
    proxy.setFault({ kind: "hang" });

    const error = await rejectionOf(fetch(`${proxy.url}${PATH}`, { signal: AbortSignal.timeout(300) }));

    expect(error.name).toBe("TimeoutError");
  });

  it.each([
    [
      403,
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
    ],
    [
      500,
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message></Error>',
    ],
  ] as const)("status %i: answers it with S3's XML error", async (status, xml) => {
    proxy.setFault({ kind: "status", status });

    const response = await fetch(`${proxy.url}${PATH}`, { headers: { accept: "application/json" } });

    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toBe("application/xml");
    expect(await response.text()).toBe(xml);
  });

  it("status with a body: answers that body", async () => {
    proxy.setFault({ kind: "status", status: 503, body: "<Error><Code>SlowDown</Code></Error>" });

    const response = await fetch(`${proxy.url}${PATH}`);

    expect(response.status).toBe(503);
    expect(await response.text()).toBe("<Error><Code>SlowDown</Code></Error>");
  });

  it("malformed: answers 200 JSON that does not parse", async () => {
    proxy.setFault({ kind: "malformed" });

    const response = await fetch(`${proxy.url}${PATH}`);
    const body = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(() => JSON.parse(body)).toThrow(SyntaxError);
  });

  it("match: fails only the paths containing it", async () => {
    proxy.setFault({ kind: "status", status: 500 }, "eu-west-1");

    const matching = await fetch(`${proxy.url}${OTHER_PATH}`);
    const other = await fetch(`${proxy.url}${PATH}`);

    expect(matching.status).toBe(500);
    expect(await matching.text()).toContain("<Code>InternalError</Code>");
    expect(other.status).toBe(200);
    expect(await other.text()).toBe(DOCUMENT);
  });

  it("clearing the fault heals the origin", async () => {
    proxy.setFault({ kind: "down" });
    await rejectionOf(fetch(`${proxy.url}${PATH}`));
    proxy.setFault(undefined);

    const response = await fetch(`${proxy.url}${PATH}`);

    expect(await response.text()).toBe(DOCUMENT);
  });
});

describe("control over HTTP", () => {
  function postFault(body: unknown): Promise<Response> {
    return fetch(`${proxy.url}/__origin/fault`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  }

  it("POST /__origin/fault sets a fault with its match, answering 204", async () => {
    const set = await postFault({ fault: { kind: "status", status: 403 }, match: "us-east-1" });

    expect(set.status).toBe(204);
    expect((await fetch(`${proxy.url}${PATH}`)).status).toBe(403);
    expect((await fetch(`${proxy.url}${OTHER_PATH}`)).status).toBe(200);
  });

  it("POST /__origin/fault with null clears the fault", async () => {
    proxy.setFault({ kind: "malformed" });

    const cleared = await postFault({ fault: null });

    expect(cleared.status).toBe(204);
    expect(await (await fetch(`${proxy.url}${PATH}`)).text()).toBe(DOCUMENT);
  });

  it("POST /__origin/fault refuses an unknown fault with 400", async () => {
    const refused = await postFault({ fault: { kind: "flaky" } });

    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      error: {
        code: "bad_fault",
        message: "fault.kind must be one of down, slow, hang, status, malformed, json",
      },
    });
  });

  it("GET /__origin/counts answers the counts, not counting control requests", async () => {
    await (await fetch(`${proxy.url}${PATH}`)).text();
    await (await fetch(`${proxy.url}${PATH}`)).text();

    const response = await fetch(`${proxy.url}/__origin/counts`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ [`GET ${PATH}`]: 2 });
  });

  it("POST /__origin/reset zeroes the counts and clears the fault", async () => {
    await (await fetch(`${proxy.url}${PATH}`)).text();
    proxy.setFault({ kind: "down" });

    const reset = await fetch(`${proxy.url}/__origin/reset`, { method: "POST" });

    expect(reset.status).toBe(204);
    expect(proxy.counts()).toEqual({});
    expect(await (await fetch(`${proxy.url}${PATH}`)).text()).toBe(DOCUMENT);
  });

  it("answers an unknown control path with 404 and never forwards it", async () => {
    const response = await fetch(`${proxy.url}/__origin/nothing`);

    expect(response.status).toBe(404);
    expect(proxy.counts()).toEqual({});
  });
});

describe("close", () => {
  it("returns promptly while a request hangs, and ends that request", async () => {
    proxy.setFault({ kind: "hang" });
    const hung = rejectionOf(fetch(`${proxy.url}${PATH}`));
    await until(() => proxy.counts()[`GET ${PATH}`] === 1);
    const started = performance.now();

    await proxy.close();

    expect(performance.now() - started).toBeLessThan(1000);
    expect((await hung).name).toBe("TypeError");
  });
});
