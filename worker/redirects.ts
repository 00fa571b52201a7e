import { isRegionName } from "../contract/regions.ts";

/**
 * A Location that is a path on this site: one slash, then neither a slash nor a backslash, which a
 * browser would read as another host (`//evil.example/`, `/\\evil.example/`).
 */
const SAME_SITE_PATH = /^\/(?![/\\])/;

/** Permanent: the canonical URL of a resource does not change. Cached for a day. */
const REDIRECT_CACHE_CONTROL = "public, max-age=86400";

/**
 * A 301 to the canonical URL, or undefined when the URL is already canonical: a trailing slash is
 * dropped, and a region in another case (`US-EAST-1`) is lower-cased when that makes it valid.
 * The query string is kept as it was. A path that would not stay on this site is never redirected
 * (it answers 404 like any other unknown path).
 */
export function canonicalRedirect(request: Request): Response | undefined {
  const url = new URL(request.url);
  let path = url.pathname;
  while (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1);
  const segments = path.split("/");
  const region = segments[2];
  if (
    (segments[1] === "latest" || segments[1] === "history") &&
    region !== undefined &&
    !isRegionName(region) &&
    isRegionName(region.toLowerCase())
  ) {
    segments[2] = region.toLowerCase();
    path = segments.join("/");
  }
  if (path === url.pathname || !SAME_SITE_PATH.test(path)) return undefined;
  return new Response(null, {
    status: 301,
    headers: { location: `${path}${url.search}`, "cache-control": REDIRECT_CACHE_CONTROL },
  });
}
