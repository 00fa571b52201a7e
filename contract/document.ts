/**
 * The stored document: one JSON object a region, written by the refresher to
 * `<prefix>/<region>.json` and read by the Worker. The top (`Region`, `RetrievedAt`,
 * `LatestImage`) is what clients of the original service read; `Images` holds every family.
 */

/** How a pattern family chose its image (see contract/pattern-families.ts). */
export interface PatternSource {
  Owners: string[];
  NamePattern: string;
  Architecture: string;
}

/**
 * Where an image record's ImageId came from: AWS's own public parameter (`SsmParameter`, with its
 * `Version` and `LastModifiedDate` when AWS reports them), or a pattern selection (`Pattern`).
 */
export interface ImageSource {
  SsmParameter?: string;
  Version?: number;
  LastModifiedDate?: string;
  Pattern?: PatternSource;
}

/**
 * One image as DescribeImages reports it (every field AWS returned, dates as ISO strings),
 * plus its `Source`.
 */
export interface ImageRecord {
  ImageId: string;
  Name?: string;
  CreationDate?: string;
  DeprecationTime?: string;
  Architecture?: string;
  Source: ImageSource;
  [field: string]: unknown;
}

/** A family with no image to serve: its parameter names one EC2 does not describe, or no image matches its pattern. */
export interface UnresolvedFamily {
  SsmParameter?: string;
  ImageId?: string;
  Reason: string;
}

/** A family whose record is kept from an earlier refresh because later ones could not resolve it. */
export interface StaleFamily {
  /** The first refresh that could not resolve it. */
  Since: string;
  Reason: string;
}

export interface RegionDocument {
  Region: string;
  RetrievedAt: string;
  /** The default family's record, for clients of the original single-image document. */
  LatestImage: ImageRecord;
  Images: Record<string, ImageRecord>;
  /** Families AWS lists whose image could not be described, with no earlier record; none is served. */
  Unresolved: Record<string, UnresolvedFamily>;
  /** Families in `Images` whose record is the last good one, not this refresh's (absent: none). */
  Stale?: Record<string, StaleFamily>;
}

/** What the fan-out writes beside the region documents. */
export interface RegionList {
  Regions: string[];
  GeneratedAt: string;
}

/** The object key of a region's document under a prefix (empty prefix: bucket root). */
export function documentKey(prefix: string, region: string): string {
  return prefix ? `${prefix}/${region}.json` : `${region}.json`;
}

/** The object key of the region list under a prefix. */
export function regionListKey(prefix: string): string {
  return prefix ? `${prefix}/regions.json` : "regions.json";
}

/** Thrown when bytes that should be a region document are not one. */
export class InvalidDocumentError extends Error {
  override name = "InvalidDocumentError";
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function requireString(object: JsonObject, key: string, where: string): string {
  const value = object[key];
  if (typeof value !== "string") throw new InvalidDocumentError(`${where}.${key} is not a string`);
  return value;
}

function parsePattern(value: unknown, where: string): PatternSource {
  if (!isObject(value)) throw new InvalidDocumentError(`${where} is not an object`);
  const owners = value.Owners;
  if (!Array.isArray(owners) || !owners.every((owner) => typeof owner === "string")) {
    throw new InvalidDocumentError(`${where}.Owners is not a list of strings`);
  }
  return {
    Owners: owners,
    NamePattern: requireString(value, "NamePattern", where),
    Architecture: requireString(value, "Architecture", where),
  };
}

function parseSource(value: unknown, where: string): ImageSource {
  if (!isObject(value)) throw new InvalidDocumentError(`${where} is not an object`);
  if (value.Pattern !== undefined) return { Pattern: parsePattern(value.Pattern, `${where}.Pattern`) };
  const source: ImageSource = { SsmParameter: requireString(value, "SsmParameter", where) };
  if (typeof value.Version === "number") source.Version = value.Version;
  if (typeof value.LastModifiedDate === "string") source.LastModifiedDate = value.LastModifiedDate;
  return source;
}

function parseImage(value: unknown, where: string): ImageRecord {
  if (!isObject(value)) throw new InvalidDocumentError(`${where} is not an object`);
  const ImageId = requireString(value, "ImageId", where);
  const Source = parseSource(value.Source, `${where}.Source`);
  return { ...value, ImageId, Source };
}

function parseImages(value: unknown, where: string): Record<string, ImageRecord> {
  if (!isObject(value)) throw new InvalidDocumentError(`${where} is not an object`);
  const images: Record<string, ImageRecord> = {};
  for (const [family, image] of Object.entries(value)) {
    images[family] = parseImage(image, `${where}.${family}`);
  }
  return images;
}

function parseUnresolved(value: unknown): Record<string, UnresolvedFamily> {
  if (value === undefined) return {};
  if (!isObject(value)) throw new InvalidDocumentError("Unresolved is not an object");
  const unresolved: Record<string, UnresolvedFamily> = {};
  for (const [family, entry] of Object.entries(value)) {
    if (!isObject(entry)) throw new InvalidDocumentError(`Unresolved.${family} is not an object`);
    const where = `Unresolved.${family}`;
    const item: UnresolvedFamily = { Reason: requireString(entry, "Reason", where) };
    if (typeof entry.SsmParameter === "string") item.SsmParameter = entry.SsmParameter;
    if (typeof entry.ImageId === "string") item.ImageId = entry.ImageId;
    unresolved[family] = item;
  }
  return unresolved;
}

/**
 * Validates parsed JSON as a region document; throws InvalidDocumentError naming the first
 * field that is wrong.
 */
export function parseRegionDocument(value: unknown): RegionDocument {
  if (!isObject(value)) throw new InvalidDocumentError("document is not an object");
  const Region = requireString(value, "Region", "document");
  const RetrievedAt = requireString(value, "RetrievedAt", "document");
  if (Number.isNaN(Date.parse(RetrievedAt))) {
    throw new InvalidDocumentError("document.RetrievedAt is not a date");
  }
  const document: RegionDocument = {
    Region,
    RetrievedAt,
    LatestImage: parseImage(value.LatestImage, "LatestImage"),
    Images: parseImages(value.Images, "Images"),
    Unresolved: parseUnresolved(value.Unresolved),
  };
  const stale = parseStale(value.Stale);
  if (stale) document.Stale = stale;
  return document;
}

function parseStale(value: unknown): Record<string, StaleFamily> | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) throw new InvalidDocumentError("Stale is not an object");
  const stale: Record<string, StaleFamily> = {};
  for (const [family, entry] of Object.entries(value)) {
    if (!isObject(entry)) throw new InvalidDocumentError(`Stale.${family} is not an object`);
    const where = `Stale.${family}`;
    stale[family] = {
      Since: requireString(entry, "Since", where),
      Reason: requireString(entry, "Reason", where),
    };
  }
  return stale;
}
