import { cacheTtlSeconds } from "./cache-policy.ts";
import { fromMemo, memoizedAnswer } from "./edge-cache.ts";
import type { OriginEnv } from "./origin.ts";
import { conditionalResponse } from "./respond.ts";

/**
 * The warm path: a GET or HEAD for exactly a URL this isolate has already answered through the
 * router (same Accept), while the isolate's copy of that answer is fresh, is answered before any
 * routing, validation or URL parsing, with the same bytes and headers the router would give. Only
 * URLs the router sent to an answer are remembered, under the answer's cache key, so a redirect,
 * an error or a stale copy never takes this path; anything it does not know goes to the router.
 */

/** Distinct URLs remembered; past this, the oldest is forgotten (it then goes through the router once). */
const MAX_ROUTES = 4_096;

const routes = new Map<string, string>();

/** The request as the answer depends on it: the whole URL and the Accept header (Vary: Accept). */
function routeKey(request: Request): string {
  return `${request.url}\n${request.headers.get("accept") ?? ""}`;
}

/** Remembers that `request`'s URL is answered by the answer under `cacheKey`. */
export function rememberRoute(request: Request, cacheKey: string): void {
  const key = routeKey(request);
  if (routes.get(key) === cacheKey) return;
  if (routes.size >= MAX_ROUTES) {
    const oldest = routes.keys().next();
    if (!oldest.done) routes.delete(oldest.value);
  }
  routes.set(key, cacheKey);
}

/** The answer from the isolate's fresh copy when this URL was answered before; else undefined. */
export function warmResponse(request: Request, env: Pick<OriginEnv, "CACHE_TTL_S">): Response | undefined {
  if (request.method !== "GET" && request.method !== "HEAD") return undefined;
  const cacheKey = routes.get(routeKey(request));
  if (cacheKey === undefined) return undefined;
  const now = Date.now();
  const answer = memoizedAnswer(cacheKey, cacheTtlSeconds(env.CACHE_TTL_S), now);
  if (answer === undefined) return undefined;
  const withBody = request.method === "GET";
  if (!request.headers.has("if-none-match") && !request.headers.has("if-modified-since")) {
    return fromMemo(answer, now, withBody);
  }
  const response = conditionalResponse(request, fromMemo(answer, now), new Date(now));
  return withBody ? response : new Response(null, response);
}
