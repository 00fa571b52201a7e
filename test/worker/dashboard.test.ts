import { describe, expect, it } from "vitest";
import { DASHBOARD_SCRIPT } from "../../worker/dashboard/script.ts";
import { DASHBOARD_STYLE } from "../../worker/dashboard/style.ts";
import { get } from "./http.ts";

/** The budget for the page, as transferred (gzip). */
const MAX_TRANSFER_BYTES = 50 * 1024;

async function gzipSize(bytes: ArrayBuffer): Promise<number> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

describe("GET /", () => {
  it("serves the dashboard as HTML with the caching and validators of every answer", async () => {
    const response = await get("/");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe(
      "public, max-age=300, stale-while-revalidate=3600, stale-if-error=86400",
    );
    expect(response.headers.get("etag")).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    const html = await response.text();
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain('<link rel="alternate" type="application/atom+xml"');
  });

  it("stays within 50 KB transferred", async () => {
    const bytes = await (await get("/")).arrayBuffer();
    const gzipped = await gzipSize(bytes);
    console.log(`dashboard: ${bytes.byteLength} bytes, ${gzipped} gzipped`);
    expect(gzipped).toBeLessThanOrEqual(MAX_TRANSFER_BYTES);
  });

  it("allows only its own inline script and style, and data from its own origin", async () => {
    const policy = (await get("/")).headers.get("content-security-policy") ?? "";
    expect(policy).toContain(`script-src 'sha256-${await sha256(DASHBOARD_SCRIPT)}'`);
    expect(policy).toContain(`style-src 'sha256-${await sha256(DASHBOARD_STYLE)}'`);
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("connect-src 'self'");
  });

  it("reads only the public API, whose answers any origin may read", async () => {
    const reads: [string, string][] = [
      ['"/families"', "/families"],
      ['"/healthz"', "/healthz"],
      ['"/latest?family="', "/latest?family=al2023-ami-kernel-default-x86_64"],
    ];
    for (const [inScript, path] of reads) {
      expect(DASHBOARD_SCRIPT).toContain(inScript);
      const response = await get(path, { headers: { origin: "https://elsewhere.example" } });
      expect(response.status, path).toBe(200);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
    }
  });

  it("answers 304 to its ETag and HEAD with GET's length", async () => {
    const full = await get("/");
    const etag = full.headers.get("etag") ?? "";
    expect((await get("/", { headers: { "if-none-match": etag } })).status).toBe(304);
    const head = await get("/", { method: "HEAD" });
    expect(head.headers.get("content-length")).toBe(full.headers.get("content-length"));
    expect(await head.text()).toBe("");
  });
});
