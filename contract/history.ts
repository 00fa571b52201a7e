/**
 * Per-region image history: for each family, the last distinct images with when each was first
 * seen. One object a region, `<prefix>/history/<region>.json`, beside the documents; only the
 * region function writes it.
 */

/** How many distinct images a family's history keeps. */
export const HISTORY_LENGTH = 20;

export interface HistoryEntry {
  ImageId: string;
  Name?: string;
  CreationDate?: string;
  /** When a refresh first found AWS pointing at this image. */
  FirstSeen: string;
}

export interface RegionHistory {
  Region: string;
  /** Newest first, at most HISTORY_LENGTH a family. */
  Families: Record<string, HistoryEntry[]>;
}

/** The object key of a region's history under a prefix. */
export function historyKey(prefix: string, region: string): string {
  return prefix ? `${prefix}/history/${region}.json` : `history/${region}.json`;
}

/** Thrown when bytes that should be a region history are not one. */
export class InvalidHistoryError extends Error {
  override name = "InvalidHistoryError";
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseEntry(value: unknown, where: string): HistoryEntry {
  if (!isObject(value) || typeof value.ImageId !== "string" || typeof value.FirstSeen !== "string") {
    throw new InvalidHistoryError(`${where} needs ImageId and FirstSeen strings`);
  }
  const entry: HistoryEntry = { ImageId: value.ImageId, FirstSeen: value.FirstSeen };
  if (typeof value.Name === "string") entry.Name = value.Name;
  if (typeof value.CreationDate === "string") entry.CreationDate = value.CreationDate;
  return entry;
}

/** Validates parsed JSON as a region history. */
export function parseRegionHistory(value: unknown): RegionHistory {
  if (!isObject(value) || typeof value.Region !== "string" || !isObject(value.Families)) {
    throw new InvalidHistoryError("history needs a Region string and a Families object");
  }
  const families: Record<string, HistoryEntry[]> = {};
  for (const [family, entries] of Object.entries(value.Families)) {
    if (!Array.isArray(entries)) throw new InvalidHistoryError(`Families.${family} is not a list`);
    families[family] = entries.map((entry, i) => parseEntry(entry, `Families.${family}[${i}]`));
  }
  return { Region: value.Region, Families: families };
}
