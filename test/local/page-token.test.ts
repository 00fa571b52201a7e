import { describe, expect, it } from "vitest";
import { decodeToken, pageOf } from "../../local/aws/page-token.ts";

const KEYS = ["a", "b", "c", "d", "e"];
const key = (item: string) => item;

describe("pageOf", () => {
  it("walks a sorted list page by page, each item once", () => {
    const first = pageOf(KEYS, key, { size: 2 });
    const second = pageOf(KEYS, key, { size: 2, after: decodeToken(first.nextToken ?? "") });
    const third = pageOf(KEYS, key, { size: 2, after: decodeToken(second.nextToken ?? "") });

    expect([first.items, second.items, third.items]).toEqual([["a", "b"], ["c", "d"], ["e"]]);
    expect(third.nextToken).toBeUndefined();
  });

  it("returns everything left when no size is asked for", () => {
    expect(pageOf(KEYS, key, {})).toEqual({ items: KEYS });
  });
});

describe("decodeToken", () => {
  it("refuses a string it did not issue", () => {
    expect(decodeToken("not-a-token")).toBeUndefined();
  });
});
