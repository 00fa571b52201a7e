/**
 * The Cache API's backing store for a plain `workerd serve`, which has none of its own: workerd
 * sends `caches.default` operations to the Worker's `cacheApiOutbound` service as HTTP (the
 * protocol Miniflare's cache service implements): `cache.match` is a GET of the key's URL,
 * answered with `CF-Cache-Status: HIT` and the stored response, or `MISS`; `cache.put` is a PUT
 * whose body is the response serialised as an HTTP/1.1 message (204 stored, 413 refused);
 * `cache.delete` is a PURGE (200 deleted, 404 absent).
 *
 * With the binding MODE = "off" it stores nothing and every match misses, as on workers.dev (the
 * Worker cannot run with no cache service at all: workerd throws "No Cache was configured").
 *
 * Entries live in this isolate's memory, so they last as long as the workerd process. Freshness
 * follows the stored Cache-Control (`s-maxage`, else `max-age`); `no-store`, `private` or no
 * lifetime at all is refused. Not modelled, because the Worker under test uses none of them:
 * Range, Vary, conditional matching, Cache-Tag, `Expires`. A bounded number of entries, oldest
 * evicted first: a benchmark cannot grow it without limit.
 */

const MAX_ENTRIES = 10_000;
const CRLF_CRLF = [13, 10, 13, 10];

/** @type {Map<string, { status: number, headers: [string, string][], body: Uint8Array, expiresAt: number }>} */
const entries = new Map();

/** @param {Uint8Array} bytes */
function headEnd(bytes) {
  outer: for (let i = 0; i + 3 < bytes.length; i++) {
    for (let j = 0; j < 4; j++) if (bytes[i + j] !== CRLF_CRLF[j]) continue outer;
    return i;
  }
  return -1;
}

/** @param {Uint8Array} bytes a chunked HTTP/1.1 body */
function unchunk(bytes) {
  const text = new TextDecoder("latin1");
  const parts = [];
  let offset = 0;
  for (;;) {
    let lineEnd = offset;
    while (lineEnd + 1 < bytes.length && !(bytes[lineEnd] === 13 && bytes[lineEnd + 1] === 10)) lineEnd++;
    const size = Number.parseInt(text.decode(bytes.subarray(offset, lineEnd)), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  const body = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    body.set(part, at);
    at += part.length;
  }
  return body;
}

/** The response a PUT carries: status, headers and body bytes. @param {Uint8Array} bytes */
function parseMessage(bytes) {
  const end = headEnd(bytes);
  if (end < 0) return undefined;
  const [statusLine = "", ...lines] = new TextDecoder("latin1").decode(bytes.subarray(0, end)).split("\r\n");
  const status = Number(/^HTTP\/\d(?:\.\d)? (\d{3})/.exec(statusLine)?.[1]);
  if (!Number.isInteger(status)) return undefined;
  /** @type {[string, string][]} */
  const headers = lines.map((line) => {
    const colon = line.indexOf(":");
    return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
  });
  let body = bytes.subarray(end + 4);
  const field = (name) => headers.find(([key]) => key === name)?.[1];
  if (/chunked/i.test(field("transfer-encoding") ?? "")) {
    body = unchunk(body);
  } else if (field("content-length") !== undefined) {
    body = body.subarray(0, Number(field("content-length")));
  }
  return {
    status,
    headers: headers.filter(([name]) => name !== "transfer-encoding"),
    body: body.slice(),
  };
}

/** Seconds a shared cache may keep the response, or undefined when it may not. @param {string} cacheControl */
function lifetimeSeconds(cacheControl) {
  const directives = cacheControl.toLowerCase();
  if (/(^|,)\s*(no-store|private)\b/.test(directives)) return undefined;
  const seconds = /(?:^|,)\s*s-maxage=(\d+)/.exec(directives) ?? /(?:^|,)\s*max-age=(\d+)/.exec(directives);
  return seconds ? Number(seconds[1]) : undefined;
}

export default {
  /** @param {Request} request @param {{ MODE?: string }} env */
  async fetch(request, env) {
    if (env.MODE === "off") {
      await request.body?.cancel();
      const status = { GET: 504, PUT: 204, PURGE: 404 }[request.method] ?? 405;
      return new Response(null, { status, headers: { "cf-cache-status": "MISS" } });
    }
    const key = `${request.headers.get("cf-cache-namespace") ?? ""} ${request.url}`;
    const now = Date.now();
    switch (request.method) {
      case "GET": {
        const entry = entries.get(key);
        if (entry === undefined || entry.expiresAt <= now) {
          if (entry) entries.delete(key);
          return new Response(null, { status: 504, headers: { "cf-cache-status": "MISS" } });
        }
        const headers = new Headers(entry.headers);
        headers.set("cf-cache-status", "HIT");
        return new Response(entry.body, { status: entry.status, headers });
      }
      case "PUT": {
        const message = parseMessage(new Uint8Array(await request.arrayBuffer()));
        const lifetime =
          message && lifetimeSeconds(message.headers.find(([name]) => name === "cache-control")?.[1] ?? "");
        if (message === undefined || lifetime === undefined || lifetime <= 0) {
          return new Response(null, { status: 413 });
        }
        entries.delete(key);
        if (entries.size >= MAX_ENTRIES) {
          const oldest = entries.keys().next();
          if (!oldest.done) entries.delete(oldest.value);
        }
        entries.set(key, { ...message, expiresAt: now + lifetime * 1000 });
        return new Response(null, { status: 204 });
      }
      case "PURGE":
        return new Response(null, { status: entries.delete(key) ? 200 : 404 });
      default:
        return new Response(null, { status: 405 });
    }
  },
};
