import { homeClients, regionClients } from "../clients.ts";
import { describeError } from "../errors.ts";
import { logJson } from "../log.ts";
import { type RefreshReport, refreshRegion } from "../refresh-region.ts";
import { parseRegionEvent } from "../region-event.ts";
import { storeSettings } from "../settings.ts";

/**
 * The region function: invoked asynchronously by the fan-out with `{ "region": "eu-west-1" }`.
 * A throw makes Lambda retry the event (twice), which is safe: a refresh only ever writes a
 * complete document.
 */
export async function handler(event: unknown): Promise<RefreshReport> {
  const region = parseRegionEvent(event);
  try {
    const report = await refreshRegion(region, regionClients(region), {
      s3: homeClients().s3,
      store: storeSettings(),
    });
    logJson("info", "region refreshed", { ...report, unresolved: Object.keys(report.unresolved) });
    return report;
  } catch (error) {
    logJson("error", "region refresh failed", { region, error: describeError(error) });
    throw error;
  }
}
