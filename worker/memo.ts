/**
 * A per-isolate memo of origin reads with in-flight coalescing: while one read of a key is under
 * way, every other request for it waits on that read, so a burst for a cold region makes one
 * origin request. The last good value is kept past its freshness to answer when the origin fails.
 */

/** Plenty for every region and the region list, and a bound no request pattern can push past. */
const MAX_ENTRIES = 512;

/**
 * A read is shared only this long. Every read settles well before (the origin timeout is 2 s), but
 * workerd drops the settling of a promise whose request has ended: were that ever to happen, the
 * next request starts a read of its own instead of waiting on one that never settles.
 */
export const MAX_SHARED_READ_MS = 10_000;

interface Entry<T> {
  value?: T;
  storedAt: number;
  inflight?: Promise<T>;
  /** When the shared read started (ms since the epoch). */
  inflightSince?: number;
}

/** A value and whether it is a kept copy served because a fresh read failed. */
export interface Memoized<T> {
  value: T;
  stale: boolean;
  /** When the value was read from the origin (ms since the epoch). */
  storedAt: number;
}

export class Memo<T> {
  private readonly entries = new Map<string, Entry<T>>();

  /**
   * The value for `key`: the stored one while younger than `ttlMs`, else a fresh `load()` (shared
   * with concurrent callers). When `load` fails and a value is stored, that value is returned
   * marked stale; with none stored, the failure is thrown.
   */
  async get(key: string, ttlMs: number, now: number, load: () => Promise<T>): Promise<Memoized<T>> {
    const entry = this.entries.get(key);
    if (entry?.value !== undefined && now - entry.storedAt < ttlMs) {
      return { value: entry.value, stale: false, storedAt: entry.storedAt };
    }
    const current = entry ?? { storedAt: 0 };
    if (current.inflight === undefined || now - (current.inflightSince ?? now) >= MAX_SHARED_READ_MS) {
      current.inflightSince = now;
      current.inflight = this.start(key, current, load);
    }
    try {
      const value = await current.inflight;
      return { value, stale: false, storedAt: current.storedAt };
    } catch (error) {
      if (current.value !== undefined)
        return { value: current.value, stale: true, storedAt: current.storedAt };
      throw error;
    }
  }

  private start(key: string, entry: Entry<T>, load: () => Promise<T>): Promise<T> {
    if (!this.entries.has(key)) {
      if (this.entries.size >= MAX_ENTRIES) {
        const oldest = this.entries.keys().next();
        if (!oldest.done) this.entries.delete(oldest.value);
      }
      this.entries.set(key, entry);
    }
    // A read given up on (MAX_SHARED_READ_MS) neither stores its value nor clears its replacement.
    const read: Promise<T> = load()
      .then((value) => {
        if (entry.inflight === read) {
          entry.value = value;
          entry.storedAt = Date.now();
        }
        return value;
      })
      .finally(() => {
        if (entry.inflight !== read) return;
        entry.inflight = undefined;
        if (entry.value === undefined) this.entries.delete(key);
      });
    return read;
  }
}

/**
 * Like Promise.all, but it settles only once every promise has: the request that started shared
 * reads stays until each one ends. (workerd drops the settling of a promise whose request has
 * ended, so a request that left at the first failure would leave its other reads, and every
 * request waiting on them, unsettled.) Throws the first failure, in order.
 */
export async function allSettled<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
  return results.map((result) => (result as PromiseFulfilledResult<T>).value);
}
