/**
 * What the refresher's store must always be, whatever fails: every object valid, no document older
 * than before, no family lost, no image replaced by an older one. Read from the real S3 server, and
 * checked independently of the refresher's own merge (a check that reused it would prove nothing).
 */
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { type ImageRecord, parseRegionDocument, type RegionDocument } from "../../contract/document.ts";
import { DEFAULT_FAMILY } from "../../contract/families.ts";
import { parseRegionHistory } from "../../contract/history.ts";

/** Everything under the prefix at one moment. */
export interface StoreSnapshot {
  /** Every object's text, by key below the prefix: `us-east-1.json`, `history/us-east-1.json`, `regions.json`. */
  objects: Map<string, string>;
  /** The valid region documents, by region. */
  documents: Map<string, RegionDocument>;
  /** The region list's GeneratedAt, when there is a valid one. */
  regionListGeneratedAt: string | undefined;
  /** Objects that are not what their key says they are, each with why. */
  invalid: string[];
}

/** What one audit found. */
export interface Audit {
  /** Individual assertions made (one an object, a document, a family...). */
  checks: number;
  /** Every assertion that failed, each naming the object and the family. */
  violations: string[];
}

const DOCUMENT_KEY = /^([a-z0-9-]+)\.json$/;
const HISTORY_KEY = /^history\/([a-z0-9-]+)\.json$/;

async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}/`, ContinuationToken }),
    );
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return keys.sort();
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Checks one object against what its key says it is; returns why it is not, or undefined. */
function invalidity(
  name: string,
  text: string,
  documents: Map<string, RegionDocument>,
): { problem?: string; generatedAt?: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problem: `${name} is not JSON: ${describe(error)}` };
  }
  try {
    if (name === "regions.json") {
      const list = json as { Regions?: unknown; GeneratedAt?: unknown };
      const valid =
        Array.isArray(list.Regions) &&
        list.Regions.every((region) => typeof region === "string") &&
        typeof list.GeneratedAt === "string" &&
        !Number.isNaN(Date.parse(list.GeneratedAt));
      return valid ? { generatedAt: String(list.GeneratedAt) } : { problem: `${name} is not a region list` };
    }
    const history = HISTORY_KEY.exec(name);
    if (history) {
      const parsed = parseRegionHistory(json);
      return parsed.Region === history[1] ? {} : { problem: `${name} is the history of ${parsed.Region}` };
    }
    const document = DOCUMENT_KEY.exec(name);
    if (document?.[1]) {
      const parsed = parseRegionDocument(json);
      if (parsed.Region !== document[1]) return { problem: `${name} is the document of ${parsed.Region}` };
      documents.set(document[1], parsed);
      return {};
    }
    return { problem: `${name} is not an object the refresher writes` };
  } catch (error) {
    return { problem: `${name}: ${describe(error)}` };
  }
}

/**
 * Reads every object under `<bucket>/<prefix>/` and validates each (documents with the contract's
 * own parser, histories, the region list).
 */
export async function readStore(s3: S3Client, bucket: string, prefix: string): Promise<StoreSnapshot> {
  const snapshot: StoreSnapshot = {
    objects: new Map(),
    documents: new Map(),
    regionListGeneratedAt: undefined,
    invalid: [],
  };
  for (const key of await listKeys(s3, bucket, prefix)) {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const text = (await object.Body?.transformToString("utf-8")) ?? "";
    const name = key.slice(prefix.length + 1);
    snapshot.objects.set(name, text);
    const { problem, generatedAt } = invalidity(name, text, snapshot.documents);
    if (problem) snapshot.invalid.push(problem);
    if (generatedAt) snapshot.regionListGeneratedAt = generatedAt;
  }
  return snapshot;
}

/** True when `now` is an older image than `then` for the same family: AWS's Version, else CreationDate. */
function wentBackwards(now: ImageRecord, then: ImageRecord): boolean {
  if (now.ImageId === then.ImageId) return false;
  const sameParameter = now.Source.SsmParameter === then.Source.SsmParameter;
  if (sameParameter && now.Source.Version !== undefined && then.Source.Version !== undefined) {
    return now.Source.Version < then.Source.Version;
  }
  const created = Date.parse(now.CreationDate ?? "");
  const before = Date.parse(then.CreationDate ?? "");
  return !Number.isNaN(created) && !Number.isNaN(before) && created < before;
}

/** The invariants one document holds on its own. */
function auditDocument(region: string, document: RegionDocument, audit: Audit): void {
  const fail = (what: string) => audit.violations.push(`${region}: ${what}`);
  audit.checks += 3;
  const latest = document.Images[DEFAULT_FAMILY];
  if (latest?.ImageId !== document.LatestImage.ImageId) fail("LatestImage is not the default family's image");
  for (const family of Object.keys(document.Stale ?? {})) {
    if (!Object.hasOwn(document.Images, family)) fail(`stale family ${family} has no record`);
  }
  for (const family of Object.keys(document.Unresolved)) {
    if (Object.hasOwn(document.Images, family)) fail(`family ${family} is both served and unresolved`);
  }
}

/**
 * Audits `after` on its own and against `before` (undefined: nothing to compare with): every
 * object valid; every document before still there, no older, with every family it had, none
 * replaced by an older image; the region list no older.
 * @example expect(auditStore(before, await readStore(s3, bucket, "v1")).violations).toEqual([])
 */
export function auditStore(before: StoreSnapshot | undefined, after: StoreSnapshot): Audit {
  const audit: Audit = { checks: after.objects.size, violations: [...after.invalid] };
  for (const [region, document] of after.documents) auditDocument(region, document, audit);
  if (!before) return audit;
  for (const name of before.objects.keys()) {
    audit.checks += 1;
    if (!after.objects.has(name)) audit.violations.push(`${name} is gone`);
  }
  if (before.regionListGeneratedAt !== undefined) {
    audit.checks += 1;
    const now = after.regionListGeneratedAt;
    if (now === undefined || Date.parse(now) < Date.parse(before.regionListGeneratedAt)) {
      audit.violations.push(`regions.json went back from ${before.regionListGeneratedAt} to ${now}`);
    }
  }
  for (const [region, then] of before.documents) {
    const now = after.documents.get(region);
    if (!now) continue; // gone or invalid: already a violation above
    audit.checks += 1;
    if (Date.parse(now.RetrievedAt) < Date.parse(then.RetrievedAt)) {
      audit.violations.push(
        `${region}: RetrievedAt went back from ${then.RetrievedAt} to ${now.RetrievedAt}`,
      );
    }
    for (const [family, image] of Object.entries(then.Images)) {
      audit.checks += 2;
      const current = Object.hasOwn(now.Images, family) ? now.Images[family] : undefined;
      if (!current) {
        audit.violations.push(`${region}: family ${family} was dropped`);
        continue;
      }
      if (wentBackwards(current, image)) {
        audit.violations.push(
          `${region}: ${family} went back from ${image.ImageId} (version ${image.Source.Version}) to ${current.ImageId} (version ${current.Source.Version})`,
        );
      }
    }
  }
  return audit;
}

/** Regions whose document was written between the two snapshots (a newer RetrievedAt). */
export function refreshedRegions(before: StoreSnapshot, after: StoreSnapshot): string[] {
  return [...after.documents]
    .filter(([region, now]) => {
      const then = before.documents.get(region);
      return !then || Date.parse(now.RetrievedAt) > Date.parse(then.RetrievedAt);
    })
    .map(([region]) => region)
    .sort();
}
