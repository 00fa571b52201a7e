/**
 * How long answers may be reused, and by whom. Documents change at most once a refresh
 * (every 6 hours), and a new image matters within minutes, not seconds.
 */

/** A browser or CI runner reuses an answer for 5 minutes: short enough that a new image reaches it soon. */
export const BROWSER_MAX_AGE_S = 5 * 60;

/** Any cache may answer from a copy up to an hour old while it fetches a new one in the background. */
export const STALE_WHILE_REVALIDATE_S = 60 * 60;

/** When we fail, any cache may keep answering from its copy for a day: an older AMI beats no AMI. */
export const STALE_IF_ERROR_S = 24 * 60 * 60;

/**
 * The Worker's own copies (edge cache and isolate memo) count as fresh this long by default
 * (CACHE_TTL_S overrides). They are kept longer, for STALE_IF_ERROR_S, to answer when the origin fails.
 */
export const DEFAULT_CACHE_TTL_S = 5 * 60;

/** A bad request stays bad: caching it briefly absorbs a flood of the same wrong URL. */
export const CLIENT_ERROR_MAX_AGE_S = 60;

/** What a client should wait before retrying when we have nothing to serve. */
export const RETRY_AFTER_S = 30;

/** An origin read slower than this is treated as the origin being down. */
export const ORIGIN_TIMEOUT_MS = 2_000;

/**
 * Cache-Control of a successful answer (200 and 304). No `s-maxage`: at Cloudflare it would turn
 * stale-while-revalidate off, and the Worker's edge copy has its own lifetime anyway.
 */
export const SUCCESS_CACHE_CONTROL = `public, max-age=${BROWSER_MAX_AGE_S}, stale-while-revalidate=${STALE_WHILE_REVALIDATE_S}, stale-if-error=${STALE_IF_ERROR_S}`;

/** A health answer is about now: never reused. */
export const NO_STORE = "no-store";

/** Cache-Control of an error answer: brief for the caller's mistakes (4xx), never for ours (5xx). */
export function errorCacheControl(status: number): string {
  return status >= 400 && status < 500 ? `public, max-age=${CLIENT_ERROR_MAX_AGE_S}` : NO_STORE;
}

/** CACHE_TTL_S as seconds, or the default when unset or not a non-negative number. */
export function cacheTtlSeconds(setting: string | undefined): number {
  const value = setting === undefined || setting === "" ? Number.NaN : Number(setting);
  return Number.isFinite(value) && value >= 0 ? value : DEFAULT_CACHE_TTL_S;
}
