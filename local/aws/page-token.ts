/**
 * Pagination over a list kept in a stable order. The token names the last key served, so a walk
 * resumes after it, and is opaque to the caller as AWS's tokens are.
 */

/** One page and the token for the next, absent on the last page. */
export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** Where a page starts and how long it is; no size means the rest of the list. */
export interface PageRequest {
  after?: string;
  size?: number;
}

/**
 * The page of `sorted` (sorted by `keyOf`) that `request` asks for.
 * @example pageOf(["a", "b", "c"], (key) => key, { size: 2 }) // { items: ["a", "b"], nextToken: "…" }
 */
export function pageOf<T>(sorted: readonly T[], keyOf: (item: T) => string, request: PageRequest): Page<T> {
  const { after, size } = request;
  const start = after === undefined ? 0 : firstIndexAfter(sorted, keyOf, after);
  const end = size === undefined ? sorted.length : Math.min(start + size, sorted.length);
  const items = sorted.slice(start, end);
  const last = items.at(-1);
  return end < sorted.length && last !== undefined
    ? { items, nextToken: encodeToken(keyOf(last)) }
    : { items };
}

/** The key a token resumes after, or undefined when the string is not a token this endpoint made. */
export function decodeToken(token: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (
      typeof parsed === "object" &&
      parsed !== null &&
      "after" in parsed &&
      typeof parsed.after === "string"
    ) {
      return parsed.after;
    }
  } catch {
    // Not base64url JSON: not ours, which the caller reports in its service's words.
  }
  return undefined;
}

function encodeToken(after: string): string {
  return Buffer.from(JSON.stringify({ after }), "utf8").toString("base64url");
}

function firstIndexAfter<T>(sorted: readonly T[], keyOf: (item: T) => string, after: string): number {
  const index = sorted.findIndex((item) => keyOf(item) > after);
  return index === -1 ? sorted.length : index;
}
