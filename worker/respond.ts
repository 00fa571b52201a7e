import type { Answer } from "./answers.ts";
import { errorCacheControl, RETRY_AFTER_S, SUCCESS_CACHE_CONTROL } from "./cache-policy.ts";
import { isNotModified } from "./conditional.ts";
import { strongEtag } from "./etag.ts";
import type { HttpError } from "./http-error.ts";

/** Cache-Status (RFC 9211) names this cache so clients can tell our hits from a CDN's. */
export const CACHE_STATUS_NAME = "latest-ami";

/** Adds `values` to a comma-separated header, keeping what is there (Vary is merged, never replaced). */
export function mergeHeader(headers: Headers, name: string, values: readonly string[]): void {
  const present = (headers.get(name) ?? "")
    .split(",")
    .map((value) => value.trim())
    .filter((value) => value !== "");
  const lower = new Set(present.map((value) => value.toLowerCase()));
  const merged = [...present, ...values.filter((value) => !lower.has(value.toLowerCase()))];
  if (merged.length) headers.set(name, merged.join(", "));
}

/**
 * The 200 response for an answer: exact Content-Length, strong ETag of the bytes, Last-Modified,
 * Cache-Control, `Vary: Accept` (the text/JSON choice can follow Accept).
 */
export async function answerResponse(answer: Answer, cacheStatus: string): Promise<Response> {
  const bytes = new TextEncoder().encode(answer.body);
  const headers = new Headers({
    "content-type": answer.contentType,
    "content-length": String(bytes.byteLength),
    etag: await strongEtag(bytes),
    "cache-control": SUCCESS_CACHE_CONTROL,
    "cache-status": cacheStatus,
    date: new Date().toUTCString(),
  });
  if (answer.lastModified) headers.set("last-modified", answer.lastModified.toUTCString());
  mergeHeader(headers, "vary", ["Accept"]);
  return new Response(bytes, { status: 200, headers });
}

/**
 * What the client gets for a 200 it may already have: 304 with the same validators and caching
 * headers but no body when its conditions say so, else the response itself.
 */
export function conditionalResponse(request: Request, response: Response, now: Date): Response {
  const etag = response.headers.get("etag");
  if (etag === null || (request.method !== "GET" && request.method !== "HEAD")) return response;
  const lastModifiedHeader = response.headers.get("last-modified");
  const lastModified = lastModifiedHeader === null ? undefined : new Date(lastModifiedHeader);
  if (!isNotModified(request.headers, etag, lastModified, now)) return response;
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  headers.delete("content-type");
  return new Response(null, { status: 304, headers });
}

/** The one error shape on the wire, with the caching an error deserves and no validators. */
export function errorResponse(error: HttpError): Response {
  const body = new TextEncoder().encode(JSON.stringify(error.toJSON()));
  const headers = new Headers({
    "content-type": "application/json",
    "content-length": String(body.byteLength),
    "cache-control": errorCacheControl(error.status),
  });
  // Both clear up without the client changing anything: the store recovers, or the next refresh rewrites it.
  if (error.status === 502 || error.status === 503) headers.set("retry-after", String(RETRY_AFTER_S));
  return new Response(body, { status: error.status, headers });
}
