import { isRegionName } from "../contract/regions.ts";
import { InvalidEventError } from "./errors.ts";

/**
 * The region a region-function event names. The event comes from the fan-out as `{ "region": … }`;
 * anything else is refused before a client or key is made from it.
 */
export function parseRegionEvent(event: unknown): string {
  if (typeof event !== "object" || event === null || !("region" in event)) {
    throw new InvalidEventError('event must be an object with a "region" member');
  }
  const { region } = event;
  if (typeof region !== "string" || !isRegionName(region)) {
    throw new InvalidEventError(
      `event.region is not an AWS region name: ${JSON.stringify(region)?.slice(0, 64)}`,
    );
  }
  return region;
}
