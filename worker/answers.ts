import type { ImageRecord, RegionDocument } from "../contract/document.ts";
import { ALIASES, canonicalFamily, DEFAULT_FAMILY } from "../contract/families.ts";
import { STALE_AFTER_HOURS } from "../contract/schedule.ts";
import { HttpError } from "./http-error.ts";
import { type OriginEnv, readEveryListedRegion, readRegionDocument, readRegionList } from "./origin.ts";
import { type FieldSource, fieldValue, type Selection, textCell } from "./selection.ts";

/**
 * What each route answers, as bytes-to-be and the facts the HTTP layer needs (when it last
 * changed, whether it came from a stale copy). No headers are decided here.
 */
export interface Answer {
  body: string;
  contentType:
    | "application/json"
    | "text/plain; charset=utf-8"
    | "application/feed+json"
    | "application/atom+xml; charset=utf-8"
    | "text/html; charset=utf-8";
  /** When this answer last changed; becomes Last-Modified. */
  lastModified?: Date;
  /** Served from a kept copy because the origin failed. */
  stale: boolean;
}

const JSON_TYPE = "application/json";
const TEXT_TYPE = "text/plain; charset=utf-8";

/** The image of `family` (default family when undefined) in a document, or why there is none. */
export function imageOf(
  document: RegionDocument,
  family: string | undefined,
): { family: string; image: ImageRecord } {
  const name = family === undefined ? DEFAULT_FAMILY : canonicalFamily(family);
  const image = Object.hasOwn(document.Images, name) ? document.Images[name] : undefined;
  if (image) return { family: name, image };
  const unresolved = Object.hasOwn(document.Unresolved, name) ? document.Unresolved[name] : undefined;
  if (unresolved) {
    const message =
      unresolved.SsmParameter && unresolved.ImageId
        ? `AWS's parameter ${unresolved.SsmParameter} names ${unresolved.ImageId}, which EC2 does not describe in ${document.Region}; it is not served.`
        : `No image of family ${name} can be served in ${document.Region}: ${unresolved.Reason}.`;
    const details: Record<string, unknown> = {
      region: document.Region,
      family: name,
      reason: unresolved.Reason,
    };
    if (unresolved.ImageId) details.imageId = unresolved.ImageId;
    throw new HttpError(404, "image_not_found", message, details);
  }
  throw new HttpError(404, "unknown_family", `Family ${name} is not published in ${document.Region}.`, {
    region: document.Region,
    family: name,
  });
}

/** When one image's answer last changed: AWS's parameter change, else the document's retrieval. */
function imageLastModified(image: ImageRecord, retrievedAt: string): Date {
  return new Date(image.Source.LastModifiedDate ?? retrievedAt);
}

/** The selected fields of one image as a text line or a JSON object; absent fields are a 404. */
function selected(source: FieldSource, selection: Selection): Pick<Answer, "body" | "contentType"> {
  const values = selection.fields.map((field) => {
    const value = fieldValue(source, field);
    if (value === undefined) {
      throw new HttpError(404, "field_absent", `Image ${source.image.ImageId} has no ${field}.`, { field });
    }
    return value;
  });
  if (selection.format === "text")
    return { body: `${values.map(textCell).join("\t")}\n`, contentType: TEXT_TYPE };
  const object = Object.fromEntries(selection.fields.map((field, i) => [field, values[i]]));
  return { body: JSON.stringify(object), contentType: JSON_TYPE };
}

/** `GET /latest/:region[/:family]`: the image, or the fields asked for. */
export async function imageAnswer(
  env: OriginEnv,
  region: string,
  family: string | undefined,
  selection: Selection,
): Promise<Answer> {
  const { value: document, stale } = await readRegionDocument(env, region);
  const { family: name, image } = imageOf(document, family);
  const lastModified = imageLastModified(image, document.RetrievedAt);
  if (selection.fields.length === 0) {
    const body = JSON.stringify({
      Region: region,
      Family: name,
      RetrievedAt: document.RetrievedAt,
      LatestImage: image,
    });
    return { body, contentType: JSON_TYPE, lastModified, stale };
  }
  const source = { Region: region, Family: name, RetrievedAt: document.RetrievedAt, image };
  return { ...selected(source, selection), lastModified, stale };
}

/** Every listed region's document, in region order; the listed regions with none; whether any was stale. */
async function allDocuments(
  env: OriginEnv,
): Promise<{ documents: RegionDocument[]; missing: string[]; stale: boolean }> {
  const { values, missing, stale } = await readEveryListedRegion(env, readRegionDocument);
  return { documents: values.sort((a, b) => (a.Region < b.Region ? -1 : 1)), missing, stale };
}

function newest(dates: readonly string[]): Date {
  return new Date(Math.max(...dates.map((date) => Date.parse(date)), 0));
}

/** The summary of an image in the every-region answer. */
function summary(image: ImageRecord): Record<string, unknown> {
  const { ImageId, Name, CreationDate, DeprecationTime, Architecture } = image;
  return { ImageId, Name, Architecture, CreationDate, DeprecationTime };
}

/**
 * `GET /latest`: one family in every region that publishes it, as a JSON map region → summary (or
 * → selected fields), or with text format one `region<TAB>values` line a region, sorted.
 */
export async function allRegionsAnswer(
  env: OriginEnv,
  family: string | undefined,
  selection: Selection,
): Promise<Answer> {
  const { documents, stale } = await allDocuments(env);
  const name = family === undefined ? DEFAULT_FAMILY : canonicalFamily(family);
  const rows = documents.flatMap((document) => {
    const image = Object.hasOwn(document.Images, name) ? document.Images[name] : undefined;
    return image ? [{ document, image }] : [];
  });
  if (rows.length === 0) {
    const unresolvedIn = documents.filter((document) => Object.hasOwn(document.Unresolved, name));
    if (unresolvedIn.length > 0) {
      throw new HttpError(
        404,
        "image_not_found",
        `AWS publishes family ${name}, but EC2 describes none of the images it names.`,
        { family: name, regions: unresolvedIn.map((document) => document.Region) },
      );
    }
    throw new HttpError(404, "unknown_family", `Family ${name} is not published in any region.`, {
      family: name,
    });
  }
  const lastModified = newest(rows.map((row) => row.document.RetrievedAt));
  const sourceOf = ({ document, image }: (typeof rows)[number]): FieldSource => ({
    Region: document.Region,
    Family: name,
    RetrievedAt: document.RetrievedAt,
    image,
  });
  if (selection.format === "text") {
    const lines = rows.map((row) => {
      const cells = selection.fields.map((field) => textCell(fieldValue(sourceOf(row), field)));
      return `${row.document.Region}\t${cells.join("\t")}\n`;
    });
    return { body: lines.join(""), contentType: TEXT_TYPE, lastModified, stale };
  }
  const map = Object.fromEntries(
    rows.map((row) => [
      row.document.Region,
      selection.fields.length === 0
        ? summary(row.image)
        : Object.fromEntries(
            selection.fields.map((field) => [field, fieldValue(sourceOf(row), field) ?? null]),
          ),
    ]),
  );
  return { body: JSON.stringify(map), contentType: JSON_TYPE, lastModified, stale };
}

/** `GET /regions`: the regions the refresher covers. */
export async function regionsAnswer(env: OriginEnv): Promise<Answer> {
  const { value, stale } = await readRegionList(env);
  const body = JSON.stringify({ Regions: value.Regions, GeneratedAt: value.GeneratedAt });
  return { body, contentType: JSON_TYPE, lastModified: new Date(value.GeneratedAt), stale };
}

/** `GET /families`: every family, its aliases, and the regions that publish it. */
export async function familiesAnswer(env: OriginEnv): Promise<Answer> {
  const { documents, stale } = await allDocuments(env);
  const families = new Map<string, string[]>();
  const sourceKind = new Map<string, "ssm" | "pattern">();
  for (const document of documents) {
    for (const [family, image] of Object.entries(document.Images)) {
      families.set(family, [...(families.get(family) ?? []), document.Region]);
      sourceKind.set(family, image.Source.Pattern ? "pattern" : "ssm");
    }
  }
  const aliasesOf = (family: string) =>
    [...ALIASES].filter(([, target]) => target === family).map(([alias]) => alias);
  const body = JSON.stringify({
    Default: DEFAULT_FAMILY,
    Aliases: Object.fromEntries(ALIASES),
    Families: Object.fromEntries(
      [...families.keys()].sort().map((family) => [
        family,
        {
          Source: sourceKind.get(family) ?? "ssm",
          Aliases: aliasesOf(family),
          Regions: families.get(family) ?? [],
        },
      ]),
    ),
  });
  return { body, contentType: JSON_TYPE, lastModified: newest(documents.map((d) => d.RetrievedAt)), stale };
}

/** A region is stale when its document is older than two refresh intervals: one missed run is tolerated. */
export const STALE_AFTER_S = STALE_AFTER_HOURS * 60 * 60;

/** Each region's age, and whether all are fresh: pure, for `GET /healthz`. A listed region with no document is stale. */
export function healthOf(documents: readonly RegionDocument[], missing: readonly string[], now: Date) {
  const regions: Record<string, { RetrievedAt: string | null; AgeSeconds: number | null; Stale: boolean }> =
    {};
  for (const document of documents) {
    const ageSeconds = Math.max(0, Math.round((now.getTime() - Date.parse(document.RetrievedAt)) / 1000));
    regions[document.Region] = {
      RetrievedAt: document.RetrievedAt,
      AgeSeconds: ageSeconds,
      Stale: ageSeconds > STALE_AFTER_S,
    };
  }
  for (const region of missing) regions[region] = { RetrievedAt: null, AgeSeconds: null, Stale: true };
  const stale = Object.keys(regions)
    .filter((region) => regions[region]?.Stale)
    .sort();
  const healthy = documents.length > 0 && stale.length === 0;
  return {
    healthy,
    body: {
      Status: healthy ? "ok" : "stale",
      StaleAfterSeconds: STALE_AFTER_S,
      Stale: stale,
      Regions: regions,
    },
  };
}

/** `GET /healthz`: healthy while every listed region is younger than STALE_AFTER_S. */
export async function healthAnswer(env: OriginEnv, now: Date): Promise<{ healthy: boolean; body: string }> {
  const { documents, missing } = await allDocuments(env);
  const health = healthOf(documents, missing, now);
  return { healthy: health.healthy, body: JSON.stringify(health.body) };
}
