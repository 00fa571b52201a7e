import { describe, expect, it } from "vitest";
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
