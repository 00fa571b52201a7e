import { describe, expect, it } from "vitest";
import { allSettled, MAX_SHARED_READ_MS, Memo } from "../../../worker/memo.ts";

describe("Memo", () => {
  it("shares one load among concurrent callers", async () => {
    const memo = new Memo<string>();
    let loads = 0;
    const load = async () => {
      loads += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return "doc";
    };
    const results = await Promise.all(
      Array.from({ length: 50 }, () => memo.get("k", 60_000, Date.now(), load)),
    );
    expect(loads).toBe(1);
    expect(results.every((r) => r.value === "doc" && !r.stale)).toBe(true);
  });

  it("serves the kept value marked stale when a fresh load fails", async () => {
    const memo = new Memo<string>();
    await memo.get("k", 0, Date.now(), async () => "good");
    const result = await memo.get("k", 0, Date.now() + 1, async () => {
      throw new Error("origin down");
    });
    expect(result).toMatchObject({ value: "good", stale: true });
  });

  it("throws the failure when nothing is kept, and keeps nothing", async () => {
    const memo = new Memo<string>();
    const failing = async (): Promise<string> => {
      throw new Error("origin down");
    };
    await expect(memo.get("k", 60_000, Date.now(), failing)).rejects.toThrow("origin down");
    expect((await memo.get("k", 60_000, Date.now(), async () => "later")).value).toBe("later");
  });

  it("stops sharing a read that never settles; a late one neither stores nor clears", async () => {
    const memo = new Memo<string>();
    let settleStuck: (value: string) => void = () => {};
    const stuck = new Promise<string>((resolve) => {
      settleStuck = resolve;
    });
    const start = 1_000_000;
    void memo.get("k", 60_000, start, () => stuck);
    let loads = 0;
    const fresh = async () => {
      loads += 1;
      return "fresh";
    };
    // Still within the bound: later callers share the first read.
    const sharing = memo.get("k", 60_000, start + MAX_SHARED_READ_MS - 1, fresh);
    expect(loads).toBe(0);
    // Past it: a read of its own.
    expect((await memo.get("k", 60_000, start + MAX_SHARED_READ_MS, fresh)).value).toBe("fresh");
    expect(loads).toBe(1);
    settleStuck("late");
    expect((await sharing).value).toBe("late");
    expect((await memo.get("k", 60_000, start + MAX_SHARED_READ_MS + 1, fresh)).value).toBe("fresh");
    expect(loads).toBe(1);
  });
});

describe("allSettled", () => {
  it("waits for every promise before throwing the first failure", async () => {
    let slowDone = false;
    const slow = new Promise<number>((resolve) =>
      setTimeout(() => {
        slowDone = true;
        resolve(2);
      }, 20),
    );
    await expect(allSettled([Promise.reject(new Error("first")), slow])).rejects.toThrow("first");
    expect(slowDone).toBe(true);
  });

  it("gives the values in order when all succeed", async () => {
    expect(await allSettled([Promise.resolve(1), Promise.resolve(2)])).toEqual([1, 2]);
  });
});
