import type { ImageRecord, RegionDocument, StaleFamily, UnresolvedFamily } from "../contract/document.ts";
import { DEFAULT_FAMILY } from "../contract/families.ts";
import type { BuildResult, ResolvedFamilies } from "./build-document.ts";

/**
 * True when `candidate` is older than `current`, so taking it would go backwards: AWS's parameter
 * Version decides when both records come from the same parameter, else the images' CreationDate.
 * A late or duplicated invocation carrying older SSM answers must never replace a newer image.
 */
export function isOlder(candidate: ImageRecord, current: ImageRecord): boolean {
  const a = candidate.Source;
  const b = current.Source;
  if (a.SsmParameter === b.SsmParameter && a.Version !== undefined && b.Version !== undefined) {
    return a.Version < b.Version;
  }
  const created = Date.parse(candidate.CreationDate ?? "");
  const currentCreated = Date.parse(current.CreationDate ?? "");
  return !Number.isNaN(created) && !Number.isNaN(currentCreated) && created < currentCreated;
}

/**
 * Merges one complete refresh into the region's current document (undefined: none yet):
 * - a family resolved now replaces its record, unless that would go backwards (isOlder);
 * - a family that could not be resolved now keeps its last good record, listed in `Stale` since
 *   the first refresh that failed it; with no earlier record it is `Unresolved`;
 * - a family the complete walk no longer lists is dropped (a failed walk never reaches here).
 * There is no document without the default family: `LatestImage` is what the original clients read.
 */
export function mergeRegionDocument(
  previous: RegionDocument | undefined,
  resolved: ResolvedFamilies,
  region: string,
  now: Date,
): BuildResult {
  const retrievedAt = now.toISOString();
  const Images: Record<string, ImageRecord> = {};
  const Unresolved: Record<string, UnresolvedFamily> = {};
  const Stale: Record<string, StaleFamily> = {};
  const families = [...new Set([...Object.keys(resolved.images), ...Object.keys(resolved.missing)])].sort();
  for (const family of families) {
    const fresh = resolved.images[family];
    const kept = previous && Object.hasOwn(previous.Images, family) ? previous.Images[family] : undefined;
    if (fresh) {
      Images[family] = kept && isOlder(fresh, kept) ? kept : fresh;
      continue;
    }
    const missing = resolved.missing[family];
    if (kept && missing) {
      Images[family] = kept;
      Stale[family] = { Since: previous?.Stale?.[family]?.Since ?? retrievedAt, Reason: missing.Reason };
    } else if (missing) {
      Unresolved[family] = missing;
    }
  }
  const LatestImage = Images[DEFAULT_FAMILY];
  if (!LatestImage) return { ok: false, reason: `default family ${DEFAULT_FAMILY} could not be resolved` };
  const document: RegionDocument = {
    Region: region,
    RetrievedAt: retrievedAt,
    LatestImage,
    Images,
    Unresolved,
  };
  if (Object.keys(Stale).length) document.Stale = Stale;
  return { ok: true, document };
}
