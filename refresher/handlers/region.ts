import { regionClients, s3Client } from "../clients.ts";
import { describeError, isRegionNotEnabled } from "../errors.ts";
import { logJson } from "../log.ts";
import { publishOutcome, publishRefresh } from "../metrics.ts";
import { type RefreshReport, refreshRegion } from "../refresh-region.ts";
import { parseRegionEvent } from "../region-event.ts";
import { patternFamilies, storeSettings } from "../settings.ts";

// Read and checked when the function starts: a bad PATTERN_FAMILIES fails every invocation loudly.
const families = patternFamilies();

/** What the region function returns: a report, or why the region was skipped. */
export type RegionResult = RefreshReport | { region: string; skipped: string };

/**
 * The region function: invoked asynchronously by the fan-out with `{ "region": "eu-west-1" }`.
 * A throw makes Lambda retry the event (twice), which is safe: the refresh is idempotent and
 * never writes a partial document. A region the account cannot use (not enabled, not
 * authorized) is skipped, not failed: retrying cannot help, and its document stays as it was.
 */
export async function handler(event: unknown): Promise<RegionResult> {
  const region = parseRegionEvent(event);
  try {
    const report = await refreshRegion(region, regionClients(region), {
      s3: s3Client(),
      store: storeSettings(),
      patternFamilies: families,
    });
    logJson("info", "region refreshed", { ...report });
    publishRefresh(report);
    return report;
  } catch (error) {
    if (isRegionNotEnabled(error)) {
      logJson("warn", "region skipped", { region, reason: describeError(error) });
      publishOutcome("skipped");
      return { region, skipped: describeError(error) };
    }
    logJson("error", "region refresh failed", { region, error: describeError(error) });
    publishOutcome("failed");
    throw error;
  }
}
