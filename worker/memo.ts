/**
 * A per-isolate memo of origin reads with in-flight coalescing: while one read of a key is under
 * way, every other request for it waits on that read, so a burst for a cold region makes one
 * origin request. The last good value is kept past its freshness to answer when the origin fails.
 */

/** Plenty for every region and the region list, and a bound no request pattern can push past. */
const MAX_ENTRIES = 512;

interface Entry<T> {
  value?: T;
  storedAt: number;
  inflight?: Promise<T>;
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
    current.inflight ??= this.start(key, current, load);
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
    return load()
      .then((value) => {
        entry.value = value;
        entry.storedAt = Date.now();
        return value;
      })
      .finally(() => {
        entry.inflight = undefined;
        if (entry.value === undefined) this.entries.delete(key);
      });
  }
}
