import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { errorOf, get, revalidating } from "../worker/http.ts";
import { originGets, setOriginFault } from "../worker/origin-control.ts";

// Each test uses a region no other test in this file touches, so what it counts is its own.

afterEach(() => setOriginFault(null));

describe("origin reads", () => {
  it("makes one origin GET for 1,000 concurrent requests for a cold region", async () => {
    const responses = await Promise.all(
      Array.from({ length: 1_000 }, () => get("/latest/ap-south-2?field=ImageId")),
    );
    const bodies = new Set(await Promise.all(responses.map((r) => r.text())));
    expect([...bodies]).toEqual(["ami-047545a72673a1962\n"]);
    expect(await originGets("ap-south-2")).toBe(1);
    // A thousand requests through the local cache service take seconds on two cores: a correctness test.
  }, 30_000);

  it("keys the edge cache canonically: reordered, unknown and alias forms share one entry", async () => {
    const first = await get("/latest/eu-west-2/al2023?field=ImageId&utm_source=a");
    expect(first.headers.get("cache-status")).toBe("latest-ami; fwd=miss; stored");
    for (const path of [
      "/latest/eu-west-2/al2023-ami-kernel-default-x86_64?field=ImageId",
      "/latest/eu-west-2?cachebust=123&field=ImageId",
      "/latest/eu-west-2?fields=ImageId&format=text",
    ]) {
      const response = await get(path);
      expect(response.headers.get("cache-status"), path).toBe("latest-ami; hit");
      expect(response.headers.get("etag")).toBe(first.headers.get("etag"));
    }
    expect(await originGets("eu-west-2")).toBe(1);
  });

  it("gives a hit its Age and the client's Cache-Control, not the edge's", async () => {
    await get("/latest/eu-west-3?field=ImageId");
    const hit = await get("/latest/eu-west-3?field=ImageId");
    expect(hit.headers.get("cache-status")).toBe("latest-ami; hit");
    expect(Number(hit.headers.get("age"))).toBeGreaterThanOrEqual(0);
    expect(hit.headers.get("cache-control")).toBe(
      "public, max-age=300, stale-while-revalidate=3600, stale-if-error=86400",
    );
  });
});

describe("the isolate's copies of answers", () => {
  it("answers a warm request from the isolate, the edge copy stored under the canonical key", async () => {
    const first = await get("/latest/ca-west-1/al2023-arm64?field=ImageId");
    expect(first.headers.get("cache-status")).toBe("latest-ami; fwd=miss; stored");
    const key =
      "http://latest-ami.test/_cache/v1/latest/ca-west-1/al2023-ami-kernel-default-arm64?fields=ImageId&format=text";
    const edgeCopy = await caches.default.match(key);
    expect(await edgeCopy?.text()).toBe(await first.text());
    // With the edge copy gone, the isolate still answers: a warm request needs no cache lookup.
    expect(await caches.default.delete(key)).toBe(true);
    const again = await get("/latest/ca-west-1/al2023-arm64?field=ImageId");
    expect(again.headers.get("cache-status")).toBe("latest-ami; hit");
    expect(again.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(again.headers.get("content-length")).toBe(first.headers.get("content-length"));
    expect(await again.text()).toBe("ami-040e27b565a18ca37\n");
    expect(await originGets("ca-west-1")).toBe(1);
  });
});

describe("the edge's copies", () => {
  it("answers from an edge copy another isolate stored, as the client should see it, without the origin", async () => {
    const key =
      "http://latest-ami.test/_cache/v1/latest/me-south-1/al2023-ami-kernel-default-x86_64?fields=ImageId&format=text";
    await caches.default.put(
      key,
      new Response("ami-0000000000000e0ce\n", {
        headers: {
          "content-type": "text/plain; charset=utf-8",
          etag: '"edge-copy"',
          "cache-control": "public, max-age=86700",
          "x-latest-ami-stored-at": String(Date.now() - 10_000),
        },
      }),
    );
    const response = await get("/latest/me-south-1?field=ImageId");
    expect(await response.text()).toBe("ami-0000000000000e0ce\n");
    expect(response.headers.get("cache-status")).toBe("latest-ami; hit");
    expect(response.headers.get("cache-control")).toBe(
      "public, max-age=300, stale-while-revalidate=3600, stale-if-error=86400",
    );
    expect(response.headers.get("etag")).toBe('"edge-copy"');
    expect(Number(response.headers.get("age"))).toBeGreaterThanOrEqual(10);
    expect(response.headers.has("x-latest-ami-stored-at")).toBe(false);
    expect(await originGets("me-south-1")).toBe(0);
  });
});

describe("origin faults", () => {
  it.each([403, 404] as const)(
    "treats an origin %i as an unknown region, never passing S3's XML on",
    async (status) => {
      await setOriginFault({ kind: "status", status }, "il-central-1.json");
      const response = await get("/latest/il-central-1?field=ImageId");
      expect(response.status).toBe(404);
      const text = await response.clone().text();
      expect(text).not.toContain("<Error>");
      expect((await errorOf(response)).code).toBe("unknown_region");
    },
  );

  it("serves the last good copy, marked stale, when the origin fails for a region seen before", async () => {
    const good = await revalidating("/latest/ca-central-1?field=ImageId");
    expect(good.status).toBe(200);
    for (const fault of [{ kind: "status", status: 500 }, { kind: "down" }, { kind: "malformed" }] as const) {
      await setOriginFault(fault, "ca-central-1.json");
      const response = await revalidating("/latest/ca-central-1?field=ImageId");
      expect(response.status, fault.kind).toBe(200);
      expect(response.headers.get("cache-status"), fault.kind).toBe("latest-ami; hit; detail=stale-if-error");
      expect(await response.text()).toBe(await good.clone().text());
    }
  });

  it("answers 503 with Retry-After when the origin fails for a region never seen", async () => {
    await setOriginFault({ kind: "status", status: 500 }, "me-central-1.json");
    const response = await get("/latest/me-central-1?field=ImageId");
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("30");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const text = await response.clone().text();
    expect(text).not.toContain("InternalError");
    expect((await errorOf(response)).code).toBe("origin_unavailable");
  });

  it("answers 502 when the origin sends malformed JSON for a region never seen", async () => {
    await setOriginFault({ kind: "malformed" }, "ap-east-1.json");
    const response = await get("/latest/ap-east-1");
    expect(response.status).toBe(502);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect((await errorOf(response)).code).toBe("bad_origin_document");
  });

  it("gives up on an origin that hangs after the origin timeout", async () => {
    await setOriginFault({ kind: "hang" }, "af-south-1.json");
    const started = Date.now();
    const response = await get("/latest/af-south-1?field=ImageId");
    expect(response.status).toBe(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe("what the origin holds is checked, not trusted", () => {
  it("answers 502 for a document stored under another region's name", async () => {
    const other = await (await fetch(`${env.ORIGIN_URL}/us-east-1.json`)).text();
    await setOriginFault({ kind: "json", body: other }, "eu-central-2.json");
    const response = await get("/latest/eu-central-2?field=ImageId");
    expect(response.status).toBe(502);
    expect((await errorOf(response)).code).toBe("bad_origin_document");
  });
});
