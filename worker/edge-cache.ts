import { AnswerMemo, type MemoAnswer } from "./answer-memo.ts";
import type { Answer } from "./answers.ts";
import { STALE_IF_ERROR_S, SUCCESS_CACHE_CONTROL } from "./cache-policy.ts";
import { COMMON_HEADERS } from "./cors.ts";
import { HttpError } from "./http-error.ts";
import { answerResponse, CACHE_STATUS_NAME } from "./respond.ts";

/** Bumped when an answer's bytes change meaning, so a deploy never serves copies of the old shape. */
const CACHE_KEY_VERSION = "1";

/** Cache-Status of an answer from a fresh copy. */
const HIT_STATUS = `${CACHE_STATUS_NAME}; hit`;

/** Cache-Status of an answer served from a kept copy because the origin failed. */
export const STALE_STATUS = `${CACHE_STATUS_NAME}; hit; detail=stale-if-error`;

/** Stored copies carry when they were made, to judge freshness and compute Age. */
const STORED_AT = "x-latest-ami-stored-at";

const memo = new AnswerMemo();

/**
 * Keeps a fresh answer (a new one, or the edge's copy) as every client gets it: its bytes, the
 * client's Cache-Control, the common headers; not Cache-Status and Age, which are set per request.
 */
async function remember(key: string, response: Response, storedAt: number): Promise<MemoAnswer> {
  const headers: Record<string, string> = {};
  for (const [name, value] of response.headers) {
    if (name !== "cache-status" && name !== "age" && name !== STORED_AT) headers[name] = value;
  }
  const answer = {
    body: await response.arrayBuffer(),
    headers: { ...headers, "cache-control": SUCCESS_CACHE_CONTROL, ...COMMON_HEADERS },
    storedAt,
  };
  memo.set(key, answer);
  return answer;
}

/** The isolate's fresh copy of the answer under `key` (a cache key's URL), if it has one. */
export function memoizedAnswer(key: string, ttlSeconds: number, now: number): MemoAnswer | undefined {
  return memo.fresh(key, now, ttlSeconds * 1000);
}

/** A kept answer as a response, its body left out for HEAD. */
export function fromMemo(answer: MemoAnswer, now: number, withBody = true): Response {
  const age = String(Math.max(0, Math.floor((now - answer.storedAt) / 1000)));
  return new Response(withBody ? answer.body : null, {
    status: 200,
    headers: { ...answer.headers, age, "cache-status": HIT_STATUS },
  });
}

/**
 * The edge cache key: the canonical form of the request (validated region, alias resolved,
 * known parameters only, in a fixed order), so reordered or cache-busting query strings neither
 * fragment nor poison it.
 */
export function cacheKey(origin: string, path: string, params: readonly [string, string][]): Request {
  const query = params.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join("&");
  return new Request(`${origin}/_cache/v${CACHE_KEY_VERSION}${path}${query ? `?${query}` : ""}`);
}

/** The edge's kept copy, served because the origin failed: the client's Cache-Control, its Age, marked stale. */
function staleCopy(stored: Response, now: number): Response {
  const response = new Response(stored.body, stored);
  const storedAt = Number(stored.headers.get(STORED_AT));
  response.headers.delete(STORED_AT);
  response.headers.set("cache-control", SUCCESS_CACHE_CONTROL);
  response.headers.set("age", String(Math.max(0, Math.floor((now - storedAt) / 1000))));
  response.headers.set("cache-status", STALE_STATUS);
  return response;
}

export interface EdgeCacheContext {
  cache: Cache;
  waitUntil(promise: Promise<unknown>): void;
  ttlSeconds: number;
}

/**
 * The answer for `key` from the edge cache while fresh; else `produce()` it and store it. Copies
 * are kept a day past their freshness: when `produce` fails on the origin's side (5xx), the kept
 * copy is served, marked stale in Cache-Status. A stale answer from the memo is never stored.
 */
export async function cachedAnswer(
  context: EdgeCacheContext,
  key: Request,
  produce: () => Promise<Answer>,
): Promise<Response> {
  const now = Date.now();
  const ttlMs = context.ttlSeconds * 1000;
  const memoKey = key.url;
  const kept = memo.fresh(memoKey, now, ttlMs);
  if (kept) return fromMemo(kept, now);
  const stored = await context.cache.match(key);
  const storedAt = Number(stored?.headers.get(STORED_AT) ?? Number.NaN);
  if (stored && now - storedAt < ttlMs) return fromMemo(await remember(memoKey, stored, storedAt), now);
  let answer: Answer;
  try {
    answer = await produce();
  } catch (error) {
    if (stored && error instanceof HttpError && error.status >= 500) {
      return staleCopy(stored, now);
    }
    await stored?.body?.cancel();
    throw error;
  }
  await stored?.body?.cancel();
  const status = answer.stale ? STALE_STATUS : `${CACHE_STATUS_NAME}; fwd=miss; stored`;
  const response = await answerResponse(answer, status);
  if (!answer.stale) {
    const copy = response.clone();
    const headers = new Headers(copy.headers);
    headers.set("cache-control", `public, max-age=${context.ttlSeconds + STALE_IF_ERROR_S}`);
    headers.set(STORED_AT, String(now));
    context.waitUntil(context.cache.put(key, new Response(copy.body, { status: 200, headers })));
    if (ttlMs > 0) await remember(memoKey, response.clone(), now);
  }
  return response;
}
