/**
 * Conditional requests (RFC 9110 §13): whether a GET or HEAD may be answered 304 Not Modified.
 * Header values come from anyone, so parsing is bounded and never uses a regular expression.
 */

/** Longer condition headers are not read: no real client sends one this long. */
const MAX_CONDITION_LENGTH = 8_192;

/** The opaque part of an entity tag, `W/"x"` and `"x"` alike (weak comparison). */
function opaqueTag(tag: string): string {
  return tag.startsWith("W/") ? tag.slice(2) : tag;
}

/** True when If-None-Match (`*`, or a list of tags) matches `etag` by weak comparison. */
export function ifNoneMatchMatches(header: string, etag: string): boolean {
  if (header.length > MAX_CONDITION_LENGTH) return false;
  const current = opaqueTag(etag);
  return header.split(",").some((entry) => {
    const tag = entry.trim();
    return tag === "*" || opaqueTag(tag) === current;
  });
}

/**
 * The shapes of an HTTP-date (RFC 9110 §5.6.7): IMF-fixdate and the obsolete RFC 850 form both end
 * in " GMT"; asctime is "Sun Nov  6 08:49:37 1994". Anything else (an ISO 8601 date, say) is not
 * one, whatever Date.parse makes of it.
 */
function isHttpDateShape(value: string): boolean {
  if (value.endsWith(" GMT")) return true;
  return value.length === 24 && [3, 7, 10, 19].every((at) => value[at] === " ") && value[13] === ":";
}

/**
 * True when If-Modified-Since says the client's copy is current. An unparseable date, or one in
 * the future (RFC 9110: invalid), is ignored.
 */
export function notModifiedSince(header: string, lastModified: Date, now: Date): boolean {
  if (header.length > 64 || !isHttpDateShape(header.trim())) return false;
  const since = Date.parse(header);
  if (Number.isNaN(since) || since > now.getTime()) return false;
  return Math.floor(lastModified.getTime() / 1000) <= Math.floor(since / 1000);
}

/**
 * Whether to answer 304: If-None-Match decides when present (it wins over If-Modified-Since),
 * else If-Modified-Since when the answer has a Last-Modified.
 */
export function isNotModified(
  request: Headers,
  etag: string,
  lastModified: Date | undefined,
  now: Date,
): boolean {
  const ifNoneMatch = request.get("if-none-match");
  if (ifNoneMatch !== null) return ifNoneMatchMatches(ifNoneMatch, etag);
  const ifModifiedSince = request.get("if-modified-since");
  return (
    ifModifiedSince !== null &&
    lastModified !== undefined &&
    notModifiedSince(ifModifiedSince, lastModified, now)
  );
}
