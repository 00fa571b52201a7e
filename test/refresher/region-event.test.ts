import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isRegionName } from "../../contract/regions.ts";
import { InvalidEventError } from "../../refresher/errors.ts";
import { parseRegionEvent } from "../../refresher/region-event.ts";

describe("parseRegionEvent", () => {
  it("takes the region of the fan-out's event", () => {
    expect(parseRegionEvent({ region: "ap-southeast-5" })).toBe("ap-southeast-5");
  });

  it.each([
    [null, 'event must be an object with a "region" member'],
    ["us-east-1", 'event must be an object with a "region" member'],
    [{}, 'event must be an object with a "region" member'],
    [{ region: 42 }, "event.region is not an AWS region name: 42"],
    [{ region: "../../etc/passwd" }, 'event.region is not an AWS region name: "../../etc/passwd"'],
    [{ region: "US-EAST-1" }, 'event.region is not an AWS region name: "US-EAST-1"'],
    [{ region: undefined }, "event.region is not an AWS region name: undefined"],
  ])("refuses %j", (event, message) => {
    expect(() => parseRegionEvent(event)).toThrow(new InvalidEventError(message));
  });
});

/** Region names as an attacker or a bug would write them: traversal, injection, Unicode, control characters, huge. */
const hostileRegion = fc.oneof(
  fc.constantFrom(
    "../us-east-1",
    "us-east-1/../../v1/regions",
    "us-east-1%2f..",
    "us-east-1\u0000",
    'us-east-1\n{"region":"eu-west-1"}',
    "us-east-1 ",
    " us-east-1",
    "us-east-1.json",
    "us-east-1?x=1",
    "us‐east‐1",
    "ＵＳ-east-1",
    "us-east-1".repeat(2_000),
    "__proto__",
    "constructor",
  ),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ maxLength: 10_000 }),
  fc
    .constantFrom("us", "eu", "ap", "xx")
    .chain((prefix) =>
      fc
        .tuple(fc.string({ maxLength: 12 }), fc.integer({ min: -1, max: 99 }))
        .map(([middle, n]) => `${prefix}-${middle}-${n}`),
    ),
);

describe("parseRegionEvent on generated events", () => {
  it("returns the region only when it is a region name, else refuses with a short message", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.record({ region: hostileRegion }),
          fc.record({ region: fc.anything() }),
          hostileRegion.map((region) => ({ region, extra: region })),
        ),
        (event) => {
          const region = (event as { region?: unknown } | null)?.region;
          const valid = typeof region === "string" && isRegionName(region);
          if (valid) {
            expect(parseRegionEvent(event)).toBe(region);
            return;
          }
          let error: unknown;
          try {
            parseRegionEvent(event);
          } catch (thrown) {
            error = thrown;
          }
          expect(error).toBeInstanceOf(InvalidEventError);
          // The log line stays short however long the input: at most 64 characters of it.
          expect((error as Error).message.length).toBeLessThanOrEqual(110);
        },
      ),
      { seed: 20_260_727, numRuns: 2_000 },
    );
  });
});
