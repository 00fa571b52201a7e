import type { Image } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import type { PatternFamily } from "../../contract/pattern-families.ts";
import { selectImage } from "../../refresher/select-image.ts";

const OWNER = "792107900819";
const family: PatternFamily = {
  Name: "rocky-9",
  Owners: [OWNER],
  NamePattern: "Rocky-9-EC2-Base-9.*-*.x86_64",
  Architecture: "x86_64",
};
const now = new Date("2026-12-01T00:00:00.000Z");

function image(id: string, name: string, created: string, extra: Partial<Image> = {}): Image {
  return {
    ImageId: id,
    Name: name,
    CreationDate: created,
    OwnerId: OWNER,
    State: "available",
    Architecture: "x86_64",
    ...extra,
  };
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe("selectImage", () => {
  it("picks the same image, in every input order, when CreationDates are equal", () => {
    const sameInstant = "2025-05-31T12:00:00.000Z";
    const images = [
      image("ami-0000000000000000a", "Rocky-9-EC2-Base-9.6-20250531.0.x86_64", sameInstant),
      image("ami-0000000000000000b", "Rocky-9-EC2-Base-9.6-20250531.1.x86_64", sameInstant),
      image("ami-0000000000000000c", "Rocky-9-EC2-Base-9.6-20250531.1.x86_64", sameInstant),
      image("ami-0000000000000000d", "Rocky-9-EC2-Base-9.5-20250531.9.x86_64", sameInstant),
    ];
    const picks = new Set(permutations(images).map((order) => selectImage(family, order, now)?.ImageId));
    expect([...picks]).toEqual(["ami-0000000000000000c"]);
  });

  it("passes over a deprecated newest image for the newest current one", () => {
    const picked = selectImage(
      family,
      [
        image("ami-1", "Rocky-9-EC2-Base-9.7-20251120.0.x86_64", "2025-11-20T00:00:00Z", {
          DeprecationTime: "2026-06-01T00:00:00Z",
        }),
        image("ami-2", "Rocky-9-EC2-Base-9.6-20250531.0.x86_64", "2025-05-31T00:00:00Z", {
          DeprecationTime: "2027-06-01T00:00:00Z",
        }),
      ],
      now,
    );
    expect(picked?.ImageId).toBe("ami-2");
  });

  it("takes the newest deprecated image only when no current one exists", () => {
    const picked = selectImage(
      family,
      [
        image("ami-1", "Rocky-9-EC2-Base-9.7-20251120.0.x86_64", "2025-11-20T00:00:00Z", {
          DeprecationTime: "2026-06-01T00:00:00Z",
        }),
        image("ami-2", "Rocky-9-EC2-Base-9.6-20250531.0.x86_64", "2025-05-31T00:00:00Z", {
          DeprecationTime: "2026-01-01T00:00:00Z",
        }),
      ],
      now,
    );
    expect(picked?.ImageId).toBe("ami-1");
  });

  it("skips a pending newest image", () => {
    const picked = selectImage(
      family,
      [
        image("ami-1", "Rocky-9-EC2-Base-9.7-20251120.0.x86_64", "2025-11-20T00:00:00Z", {
          State: "pending",
        }),
        image("ami-2", "Rocky-9-EC2-Base-9.6-20250531.0.x86_64", "2025-05-31T00:00:00Z"),
      ],
      now,
    );
    expect(picked?.ImageId).toBe("ami-2");
  });

  it("leaves out look-alikes the anchored pattern does not match (LVM, arm64 under an x86_64 name, GPU)", () => {
    const lookAlikes = [
      image("ami-1", "Rocky-9-EC2-LVM-9.7-20251120.0.x86_64", "2025-11-20T00:00:00Z"),
      image("ami-2", "Rocky-9-EC2-Base-9.7-20251120.0.x86_64-GPU", "2025-11-20T00:00:00Z"),
      image("ami-3", "Rocky-9-EC2-Base-9.7-20251120.0.x86_64", "2025-11-20T00:00:00Z", {
        Architecture: "arm64",
      }),
      image("ami-4", "Rocky-9-EC2-Base-9.6-20250531.0.x86_64", "2025-05-31T00:00:00Z"),
    ];
    expect(selectImage(family, lookAlikes, now)?.ImageId).toBe("ami-4");
    const ecs: PatternFamily = {
      Name: "e",
      Owners: [OWNER],
      NamePattern: "amzn2-ami-ecs-hvm-*-x86_64-ebs",
      Architecture: "x86_64",
    };
    const gpu = image("ami-5", "amzn2-ami-ecs-gpu-hvm-2.0.20260226-x86_64-ebs", "2026-02-26T00:00:00Z");
    const plain = image("ami-6", "amzn2-ami-ecs-hvm-2.0.20260101-x86_64-ebs", "2026-01-01T00:00:00Z");
    expect(selectImage(ecs, [gpu, plain], now)?.ImageId).toBe("ami-6");
  });

  it("honours a family's Exclude list", () => {
    const minimalToo = { ...family, NamePattern: "Rocky-9-EC2-*.x86_64", Exclude: ["Rocky-9-EC2-Minimal-*"] };
    const picked = selectImage(
      minimalToo,
      [
        image("ami-1", "Rocky-9-EC2-Minimal-9.7-20251120.0.x86_64", "2025-11-20T00:00:00Z"),
        image("ami-2", "Rocky-9-EC2-Base-9.6-20250531.0.x86_64", "2025-05-31T00:00:00Z"),
      ],
      now,
    );
    expect(picked?.ImageId).toBe("ami-2");
  });

  it("never picks a stranger's image with the right name", () => {
    const stranger = image("ami-1", "Rocky-9-EC2-Base-9.7-20251120.0.x86_64", "2025-11-20T00:00:00Z", {
      OwnerId: "111122223333",
    });
    expect(selectImage(family, [stranger], now)).toBeUndefined();
    const own = image("ami-2", "Rocky-9-EC2-Base-9.6-20250531.0.x86_64", "2025-05-31T00:00:00Z");
    expect(selectImage(family, [stranger, own], now)?.ImageId).toBe("ami-2");
  });

  it("orders CreationDates as dates, not as strings", () => {
    const a = image("ami-1", "Rocky-9-EC2-Base-9.3-20240109.0.x86_64", "2024-01-09T00:00:00.000Z");
    const b = image("ami-2", "Rocky-9-EC2-Base-9.3-20231231.0.x86_64", "2023-12-31T00:00:00.000Z");
    expect(selectImage(family, [b, a], now)?.ImageId).toBe("ami-1");
    // As strings "2024-01-09T01:00:00+02:00" sorts after "2024-01-09T00:30:00Z"; as dates it is earlier.
    const early = image("ami-3", "Rocky-9-EC2-Base-9.3-20240109.1.x86_64", "2024-01-09T01:00:00+02:00");
    const late = image("ami-4", "Rocky-9-EC2-Base-9.3-20240109.0.x86_64", "2024-01-09T00:30:00Z");
    expect(selectImage(family, [early, late], now)?.ImageId).toBe("ami-4");
  });
});
