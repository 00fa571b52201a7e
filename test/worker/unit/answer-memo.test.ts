import { describe, expect, it } from "vitest";
import { AnswerMemo, type MemoAnswer } from "../../../worker/answer-memo.ts";

function answer(bytes: number, storedAt = 1_000): MemoAnswer {
  return { body: new ArrayBuffer(bytes), headers: { etag: `"${bytes}"` }, storedAt };
}

describe("AnswerMemo", () => {
  it("answers while younger than the TTL, then drops the copy", () => {
    const memo = new AnswerMemo();
    memo.set("/latest/us-east-1", answer(10, 1_000));
    expect(memo.fresh("/latest/us-east-1", 300_999, 300_000)?.headers).toEqual({ etag: '"10"' });
    expect(memo.fresh("/latest/us-east-1", 301_000, 300_000)).toBeUndefined();
    expect(memo.size).toEqual({ answers: 0, bytes: 0 });
  });

  it("keeps nothing when the TTL is 0", () => {
    const memo = new AnswerMemo();
    memo.set("k", answer(10, 1_000));
    expect(memo.fresh("k", 1_000, 0)).toBeUndefined();
  });

  it("drops the oldest-stored first past the count bound", () => {
    const memo = new AnswerMemo(3, 1_000);
    for (const key of ["a", "b", "c", "d"]) memo.set(key, answer(10));
    expect(["a", "b", "c", "d"].map((key) => memo.fresh(key, 1_000, 60_000) !== undefined)).toEqual([
      false,
      true,
      true,
      true,
    ]);
    expect(memo.size).toEqual({ answers: 3, bytes: 30 });
  });

  it("stays within the byte bound, and never keeps one answer larger than a quarter of it", () => {
    const memo = new AnswerMemo(100, 1_000);
    for (let i = 0; i < 10; i += 1) memo.set(`k${i}`, answer(200));
    expect(memo.size).toEqual({ answers: 5, bytes: 1_000 });
    memo.set("huge", answer(251));
    expect(memo.fresh("huge", 1_000, 60_000)).toBeUndefined();
    expect(memo.size.bytes).toBeLessThanOrEqual(1_000);
  });

  it("replaces a key's copy without counting it twice", () => {
    const memo = new AnswerMemo();
    memo.set("k", answer(100));
    memo.set("k", answer(40));
    expect(memo.size).toEqual({ answers: 1, bytes: 40 });
  });
});
