import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { documentKey, type RegionDocument, type RegionList, regionListKey } from "../contract/document.ts";
import type { StoreSettings } from "./settings.ts";

/**
 * Cache-Control on the stored objects, for clients that read S3 directly. Documents change at
 * most every 6 hours; 15 minutes keeps such a reader close behind a new image.
 */
export const OBJECT_CACHE_CONTROL = "public, max-age=900";

async function putJson(s3: S3Client, bucket: string, key: string, value: unknown): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: JSON.stringify(value),
      ContentType: "application/json",
      CacheControl: OBJECT_CACHE_CONTROL,
    }),
  );
}

/** Writes a region's document to `<prefix>/<region>.json`. */
export function putRegionDocument(
  s3: S3Client,
  store: StoreSettings,
  document: RegionDocument,
): Promise<void> {
  return putJson(s3, store.bucket, documentKey(store.prefix, document.Region), document);
}

/** Writes the region list to `<prefix>/regions.json`; only the fan-out calls this. */
export function putRegionList(s3: S3Client, store: StoreSettings, list: RegionList): Promise<void> {
  return putJson(s3, store.bucket, regionListKey(store.prefix), list);
}
