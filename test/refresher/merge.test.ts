import { describe, expect, it } from "vitest";
import type { ImageRecord, RegionDocument } from "../../contract/document.ts";
import { HISTORY_LENGTH } from "../../contract/history.ts";
import type { ResolvedFamilies } from "../../refresher/build-document.ts";
import { isOlder, mergeRegionDocument } from "../../refresher/merge-document.ts";
import { mergeHistory } from "../../refresher/merge-history.ts";

const DEFAULT = "al2023-ami-kernel-default-x86_64";
const PARAMETER = `/aws/service/ami-amazon-linux-latest/${DEFAULT}`;

function image(imageId: string, version: number | undefined, created: string): ImageRecord {
  const Source =
    version === undefined ? { SsmParameter: PARAMETER } : { SsmParameter: PARAMETER, Version: version };
  return { ImageId: imageId, Name: `al2023-${imageId}`, CreationDate: created, Source };
}

// Real us-east-1 values: version 182 is ami-0006118602dfc1c09 (2026-07-27).
const current = image("ami-0006118602dfc1c09", 182, "2026-07-27T00:00:00.000Z");
const older = image("ami-0aaaaaaaaaaaaaaaa", 181, "2026-07-20T00:00:00.000Z");
const newer = image("ami-0bbbbbbbbbbbbbbbb", 183, "2026-08-03T00:00:00.000Z");
const arm = {
  ...image("ami-04fc404d256fd34a2", 154, "2026-07-27T00:00:00.000Z"),
  Source: { SsmParameter: "/x/arm64", Version: 154 },
};

function documentWith(
  images: Record<string, ImageRecord>,
  extra: Partial<RegionDocument> = {},
): RegionDocument {
  return {
    Region: "us-east-1",
    RetrievedAt: "2026-07-27T21:00:00.000Z",
    LatestImage: images[DEFAULT] ?? current,
    Images: images,
    Unresolved: {},
    ...extra,
  };
}

function merge(
  previous: RegionDocument | undefined,
  resolved: ResolvedFamilies,
  at = "2026-07-28T03:00:00.000Z",
) {
  const result = mergeRegionDocument(previous, resolved, "us-east-1", new Date(at));
  if (!result.ok) throw new Error(result.reason);
  return result.document;
}

describe("isOlder", () => {
  it("compares AWS's parameter Version for the same parameter", () => {
    expect(isOlder(older, current)).toBe(true);
    expect(isOlder(newer, current)).toBe(false);
    expect(isOlder(current, current)).toBe(false);
  });

  it("falls back to CreationDate, parsed as a date, when there is no Version", () => {
    const a = image("ami-1", undefined, "2024-01-09T00:00:00.000Z");
    const b = image("ami-2", undefined, "2023-12-31T00:00:00.000Z");
    expect(isOlder(b, a)).toBe(true);
    expect(isOlder(a, b)).toBe(false);
  });
});

describe("mergeRegionDocument", () => {
  it("takes a newer image", () => {
    const merged = merge(documentWith({ [DEFAULT]: current }), { images: { [DEFAULT]: newer }, missing: {} });
    expect(merged.LatestImage.ImageId).toBe("ami-0bbbbbbbbbbbbbbbb");
    expect(merged.RetrievedAt).toBe("2026-07-28T03:00:00.000Z");
  });

  it("never goes backwards: a late answer with an older Version keeps the newer image", () => {
    const merged = merge(documentWith({ [DEFAULT]: current }), { images: { [DEFAULT]: older }, missing: {} });
    expect(merged.LatestImage.ImageId).toBe("ami-0006118602dfc1c09");
  });

  it("keeps a family's last good record, marked stale since the first failure, when its image is missing", () => {
    const missing = {
      [DEFAULT]: {
        SsmParameter: PARAMETER,
        ImageId: "ami-0bbbbbbbbbbbbbbbb",
        Reason: "DescribeImages did not return this image",
      },
    };
    const first = merge(documentWith({ [DEFAULT]: current }), { images: {}, missing });
    expect(first.LatestImage.ImageId).toBe("ami-0006118602dfc1c09");
    expect(first.Stale).toEqual({
      [DEFAULT]: { Since: "2026-07-28T03:00:00.000Z", Reason: "DescribeImages did not return this image" },
    });
    const second = merge(first, { images: {}, missing }, "2026-07-28T09:00:00.000Z");
    expect(second.Stale?.[DEFAULT]?.Since).toBe("2026-07-28T03:00:00.000Z");
    const healed = merge(second, { images: { [DEFAULT]: newer }, missing: {} });
    expect(healed.Stale).toBeUndefined();
  });

  it("drops a family only when a complete walk no longer lists it", () => {
    const merged = merge(documentWith({ [DEFAULT]: current, arm64: arm }), {
      images: { [DEFAULT]: current },
      missing: {},
    });
    expect(Object.keys(merged.Images)).toEqual([DEFAULT]);
  });

  it("lists a family that never resolved as unresolved, not served", () => {
    const missing = {
      arm64: {
        SsmParameter: "/x/arm64",
        ImageId: "ami-9",
        Reason: "DescribeImages did not return this image",
      },
    };
    const merged = merge(undefined, { images: { [DEFAULT]: current }, missing });
    expect(merged.Unresolved).toEqual(missing);
    expect(merged.Images.arm64).toBeUndefined();
  });

  it("makes no document without the default family", () => {
    expect(
      mergeRegionDocument(undefined, { images: { arm64: arm }, missing: {} }, "us-east-1", new Date()),
    ).toEqual({
      ok: false,
      reason: "default family al2023-ami-kernel-default-x86_64 could not be resolved",
    });
  });
});

describe("mergeHistory", () => {
  const at = new Date("2026-07-28T03:00:00.000Z");

  it("adds a new image first, with when it was first seen", () => {
    const history = mergeHistory(undefined, documentWith({ [DEFAULT]: current }), at);
    expect(history).toEqual({
      Region: "us-east-1",
      Families: {
        [DEFAULT]: [
          {
            ImageId: "ami-0006118602dfc1c09",
            Name: "al2023-ami-0006118602dfc1c09",
            CreationDate: "2026-07-27T00:00:00.000Z",
            FirstSeen: "2026-07-28T03:00:00.000Z",
          },
        ],
      },
    });
    const next = mergeHistory(
      history,
      documentWith({ [DEFAULT]: newer }),
      new Date("2026-08-03T09:00:00.000Z"),
    );
    expect(next.Families[DEFAULT]?.map((e) => e.ImageId)).toEqual([
      "ami-0bbbbbbbbbbbbbbbb",
      "ami-0006118602dfc1c09",
    ]);
  });

  it("is idempotent: the same document twice leaves one entry", () => {
    const once = mergeHistory(undefined, documentWith({ [DEFAULT]: current }), at);
    expect(mergeHistory(once, documentWith({ [DEFAULT]: current }), new Date())).toEqual(once);
  });

  it(`keeps the last ${HISTORY_LENGTH} distinct images`, () => {
    let history = mergeHistory(undefined, documentWith({ [DEFAULT]: current }), at);
    for (let i = 0; i < 25; i++) {
      const id = `ami-0${String(i).padStart(16, "0")}`;
      history = mergeHistory(
        history,
        documentWith({ [DEFAULT]: image(id, 200 + i, "2026-08-01T00:00:00.000Z") }),
        at,
      );
    }
    expect(history.Families[DEFAULT]).toHaveLength(HISTORY_LENGTH);
    expect(history.Families[DEFAULT]?.[0]?.ImageId).toBe("ami-00000000000000024");
  });
});
