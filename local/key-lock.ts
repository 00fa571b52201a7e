/**
 * Per-key mutual exclusion for async work in this process: holders of one key run one after
 * another, in the order they asked; different keys never wait for each other.
 */

/** Gives up the lock; calling it again does nothing. */
export type Release = () => void;

/** Waits for the lock on `key` and resolves with the function that releases it. */
export type AcquireLock = (key: string) => Promise<Release>;

/**
 * A fresh set of per-key locks. A key's entry lives only while someone holds or waits for it.
 * @example const release = await lock("bucket/v1/us-east-1.json"); try { ... } finally { release(); }
 */
export function keyLock(): AcquireLock {
  // The promise the next comer for each key waits on: it settles when the last one queued releases.
  const tails = new Map<string, Promise<void>>();
  return async function acquire(key) {
    const previous = tails.get(key) ?? Promise.resolve();
    let release: Release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => held);
    tails.set(key, tail);
    await previous;
    return () => {
      release();
      if (tails.get(key) === tail) tails.delete(key);
    };
  };
}
