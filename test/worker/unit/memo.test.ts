import { describe, expect, it } from "vitest";
import { Memo } from "../../../worker/memo.ts";

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
});
