/**
 * CORS for a public, read-only, credential-free API: any origin may read every answer (errors
 * too), see the validators and cache headers, and preflight once a day.
 */

export const ALLOWED_METHODS = "GET, HEAD, OPTIONS";
const EXPOSED_HEADERS = "ETag, Last-Modified, Age, Cache-Status, Retry-After";
/** Browsers cap this (Chrome at 2 hours); a day asks every browser for its longest. */
const PREFLIGHT_MAX_AGE_S = 86_400;
/** Bounds on the request headers a preflight may ask for; real ones ask for a few short names. */
const MAX_REQUESTED_HEADERS = 16;
const MAX_HEADER_NAME_LENGTH = 64;
const MAX_REQUEST_HEADERS_LENGTH = 1_024;

/** RFC 9110 token characters, checked one by one (no regular expression over input). */
function isToken(name: string): boolean {
  if (name.length === 0 || name.length > MAX_HEADER_NAME_LENGTH) return false;
  for (const char of name) {
    const ok =
      (char >= "a" && char <= "z") ||
      (char >= "A" && char <= "Z") ||
      (char >= "0" && char <= "9") ||
      "!#$%&'*+-.^_`|~".includes(char);
    if (!ok) return false;
  }
  return true;
}

/** The header names a preflight asked for that are allowed back: tokens only, bounded in count and length. */
export function allowedRequestHeaders(requested: string | null): string[] {
  if (requested === null || requested.length > MAX_REQUEST_HEADERS_LENGTH) return [];
  return requested
    .split(",")
    .map((name) => name.trim())
    .filter(isToken)
    .slice(0, MAX_REQUESTED_HEADERS);
}

/**
 * Headers every answer carries, errors and 304s included: CORS (`*` without credentials: no
 * cookies or auth are ever involved) and nosniff.
 */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": EXPOSED_HEADERS,
  "x-content-type-options": "nosniff",
};

export function applyCommonHeaders(headers: Headers): void {
  for (const [name, value] of Object.entries(COMMON_HEADERS)) headers.set(name, value);
}

/** The 204 answer to OPTIONS: a CORS preflight when it is one, and `Allow` always. */
export function preflightResponse(request: Request): Response {
  const headers = new Headers({ allow: ALLOWED_METHODS });
  if (request.headers.has("access-control-request-method")) {
    headers.set("access-control-allow-methods", ALLOWED_METHODS);
    const allowed = allowedRequestHeaders(request.headers.get("access-control-request-headers"));
    if (allowed.length) headers.set("access-control-allow-headers", allowed.join(", "));
    headers.set("access-control-max-age", String(PREFLIGHT_MAX_AGE_S));
    headers.set("vary", "Access-Control-Request-Headers");
  }
  return new Response(null, { status: 204, headers });
}
