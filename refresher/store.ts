import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { RegionList } from "../contract/document.ts";
import { regionListKey } from "../contract/document.ts";
import type { StoreSettings } from "./settings.ts";

/**
 * Cache-Control on the stored objects, for clients that read S3 directly. Documents change at
 * most every 6 hours; 15 minutes keeps such a reader close behind a new image.
 */
export const OBJECT_CACHE_CONTROL = "public, max-age=900";

/** Read, merge, conditional write: retried this often when another writer got there first. */
export const MAX_WRITE_ATTEMPTS = 5;

/** An object as read, with the ETag a conditional write must match; undefined content: no object yet. */
export interface StoredObject {
  content: unknown;
  etag: string | undefined;
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

function httpStatus(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null || !("$metadata" in error)) return undefined;
  const metadata = error.$metadata;
  return typeof metadata === "object" && metadata !== null && "httpStatusCode" in metadata
    ? Number(metadata.httpStatusCode)
    : undefined;
}

/** True when S3 refused a conditional write because the object changed (412) or a write raced it (409). */
export function isWriteConflict(error: unknown): boolean {
  const name = errorName(error);
  return (
    name === "PreconditionFailed" ||
    name === "ConditionalRequestConflict" ||
    [409, 412].includes(httpStatus(error) ?? 0)
  );
}

/** The parsed JSON at `key` and its ETag; `content` undefined when there is no such object. */
export async function readJsonObject(s3: S3Client, bucket: string, key: string): Promise<StoredObject> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const text = (await object.Body?.transformToString("utf-8")) ?? "";
    let content: unknown;
    try {
      content = JSON.parse(text);
    } catch {
      // Not JSON: there is nothing to merge with, but the write must still replace exactly this version.
      content = null;
    }
    return { content, etag: object.ETag };
  } catch (error) {
    // Without s3:ListBucket (least privilege) S3 answers 403 for a missing key. Reading that as
    // "no object" is safe: the write is then If-None-Match: *, which S3 refuses if one exists.
    if (errorName(error) === "NoSuchKey" || httpStatus(error) === 403)
      return { content: undefined, etag: undefined };
    throw error;
  }
}

/**
 * Writes JSON to `key` only if the object is still the one read: `If-Match` its ETag, or
 * `If-None-Match: *` when there was none. A lost race throws (see isWriteConflict).
 */
export async function putJsonObject(
  s3: S3Client,
  bucket: string,
  key: string,
  value: unknown,
  read?: StoredObject,
): Promise<void> {
  const condition = read === undefined ? {} : read.etag ? { IfMatch: read.etag } : { IfNoneMatch: "*" };
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: JSON.stringify(value),
      ContentType: "application/json",
      CacheControl: OBJECT_CACHE_CONTROL,
      ...condition,
    }),
  );
}

/**
 * Read, `update`, conditional write, again from the read when another writer won the race; at most
 * MAX_WRITE_ATTEMPTS times. `update` is pure and may throw to write nothing. Returns what was written
 * and how many attempts it took.
 */
export async function updateJsonObject<T>(
  s3: S3Client,
  bucket: string,
  key: string,
  update: (current: unknown) => T,
): Promise<{ written: T; attempts: number }> {
  for (let attempt = 1; ; attempt++) {
    const read = await readJsonObject(s3, bucket, key);
    const written = update(read.content);
    try {
      await putJsonObject(s3, bucket, key, written, read);
      return { written, attempts: attempt };
    } catch (error) {
      if (!isWriteConflict(error) || attempt >= MAX_WRITE_ATTEMPTS) throw error;
    }
  }
}

/** Writes the region list to `<prefix>/regions.json`; only the fan-out calls this. */
export function putRegionList(s3: S3Client, store: StoreSettings, list: RegionList): Promise<void> {
  return putJsonObject(s3, store.bucket, regionListKey(store.prefix), list);
}
