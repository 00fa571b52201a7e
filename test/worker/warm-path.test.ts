import { describe, expect, it } from "vitest";
import { warmResponse } from "../../worker/warm-path.ts";
import { get } from "./http.ts";

/**
 * The warm path must give exactly what the router gives. Each URL is asked once (the router
 * answers and remembers it), then again: that answer comes from the warm path (checked by asking
 * it directly). It is compared with the router's answer for the same resource under another URL
 * (an extra parameter the router drops), header by header and byte by byte, for GET, HEAD and
 * conditional requests.
 */

/** The Worker's own setting: its copies are fresh for the default TTL. */
const env = {};

const URLS: [string, RequestInit?][] = [
  ["/latest/us-east-1?field=ImageId"],
  ["/latest/us-east-1"],
  ["/latest/eu-west-1/al2023-arm64?fields=ImageId,Name&format=text"],
  ["/latest/ap-south-1?field=Source.Version"],
  ["/latest/us-east-1/ecs/amazon-linux-2023/arm64?field=ImageId"],
  ["/latest/us-west-2?fields=ImageId,CreationDate", { headers: { accept: "text/plain" } }],
  ["/latest?family=al2&field=ImageId"],
  ["/latest?family=al2023-minimal"],
  ["/regions"],
  ["/families"],
  ["/history/us-east-1/al2023"],
  ["/changes?region=eu-west-1"],
  ["/changes.atom?family=al2023"],
];

/** Headers that differ between two answers of one copy only by when they were sent. */
const TIMED = new Set(["age", "date"]);

function headersOf(response: Response): [string, string][] {
  return [...response.headers].filter(([name]) => !TIMED.has(name));
}

/** The same path with a parameter the router ignores, so the request goes through the router. */
function viaRouter(path: string): string {
  return `${path}${path.includes("?") ? "&" : "?"}utm_source=warm-path-test`;
}

describe("the warm path", () => {
  it.each(URLS)("answers %s exactly as the router does", async (path, init = {}) => {
    const first = await get(path, init);
    expect(first.status).toBe(200);
    await first.arrayBuffer();

    const request = new Request(`http://latest-ami.test${path}`, init);
    expect(warmResponse(request, env), "remembered by the warm path").toBeDefined();

    const warm = await get(path, init);
    const routed = await get(viaRouter(path), init);
    expect(warm.status).toBe(200);
    expect(headersOf(warm)).toEqual(headersOf(routed));
    expect(warm.headers.get("cache-status")).toBe("latest-ami; hit");
    expect(await warm.text()).toBe(await routed.text());

    const head = await get(path, { ...init, method: "HEAD" });
    expect(headersOf(head)).toEqual(headersOf(routed));
    expect(await head.text()).toBe("");

    const etag = routed.headers.get("etag") ?? "";
    const conditional = { ...init, headers: { ...init.headers, "if-none-match": `W/${etag}, "other"` } };
    const warm304 = await get(path, conditional);
    const routed304 = await get(viaRouter(path), conditional);
    expect(warm304.status).toBe(304);
    expect(headersOf(warm304)).toEqual(headersOf(routed304));
    expect(await warm304.text()).toBe("");
  });

  it("leaves to the router what it has not answered: other methods, other Accept, redirects, errors", async () => {
    await get("/latest/us-east-2?field=ImageId");
    const url = "http://latest-ami.test/latest/us-east-2?field=ImageId";
    expect(warmResponse(new Request(url), env)).toBeDefined();
    expect(warmResponse(new Request(url, { method: "POST" }), env)).toBeUndefined();
    expect(warmResponse(new Request(url, { headers: { accept: "application/json" } }), env)).toBeUndefined();
    expect((await get("/latest/US-EAST-2?field=ImageId")).status).toBe(301);
    expect(
      warmResponse(new Request("http://latest-ami.test/latest/US-EAST-2?field=ImageId"), env),
    ).toBeUndefined();
    expect((await get("/latest/us-east-2?field=Nope")).status).toBe(400);
    expect(
      warmResponse(new Request("http://latest-ami.test/latest/us-east-2?field=Nope"), env),
    ).toBeUndefined();
  });

  it("never answers once its copy is no longer fresh", async () => {
    await get("/latest/sa-east-1?field=ImageId");
    const request = new Request("http://latest-ami.test/latest/sa-east-1?field=ImageId");
    expect(warmResponse(request, env)).toBeDefined();
    expect(warmResponse(request, { ...env, CACHE_TTL_S: "0" })).toBeUndefined();
  });
});
