import type { RegionDocument } from "../contract/document.ts";
import { HISTORY_LENGTH, type HistoryEntry, type RegionHistory } from "../contract/history.ts";

/**
 * Adds each family's current image to its history when the history does not hold it yet, first
 * seen `now`; newest first, at most HISTORY_LENGTH a family. Idempotent: merging the same document
 * twice changes nothing, so a duplicated invocation leaves one entry.
 */
export function mergeHistory(
  previous: RegionHistory | undefined,
  document: RegionDocument,
  now: Date,
): RegionHistory {
  const families: Record<string, HistoryEntry[]> = { ...previous?.Families };
  for (const [family, image] of Object.entries(document.Images)) {
    const entries = families[family] ?? [];
    if (entries.some((entry) => entry.ImageId === image.ImageId)) continue;
    const entry: HistoryEntry = { ImageId: image.ImageId, FirstSeen: now.toISOString() };
    if (image.Name !== undefined) entry.Name = image.Name;
    if (image.CreationDate !== undefined) entry.CreationDate = image.CreationDate;
    families[family] = [entry, ...entries].slice(0, HISTORY_LENGTH);
  }
  const sorted = Object.fromEntries(
    Object.keys(families)
      .sort()
      .map((family) => [family, families[family] ?? []]),
  );
  return { Region: document.Region, Families: sorted };
}
