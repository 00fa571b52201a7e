import type { S3Client } from "@aws-sdk/client-s3";
import { documentKey, parseRegionDocument, type RegionDocument } from "../contract/document.ts";
import { SSM_PATHS } from "../contract/families.ts";
import { historyKey, parseRegionHistory, type RegionHistory } from "../contract/history.ts";
import type { PatternFamily } from "../contract/pattern-families.ts";
import { type CallCounts, describeImagesById, describePatternImages, walkParameters } from "./aws-reads.ts";
import {
  familyPointers,
  pointedImageIds,
  type ResolvedFamilies,
  resolveFamilies,
  resolvePatternFamilies,
} from "./build-document.ts";
import type { RegionClients } from "./clients.ts";
import { describeError, RefreshError } from "./errors.ts";
import { mergeRegionDocument } from "./merge-document.ts";
import { mergeHistory } from "./merge-history.ts";
import type { StoreSettings } from "./settings.ts";
import { updateJsonObject } from "./store.ts";

/**
 * One region's refresh must end well inside the function's timeout (120 s, see infra), so a hung
 * call fails this run cleanly instead of the function being killed mid-write.
 */
export const REFRESH_DEADLINE_MS = 60_000;

/** What a refresh did, for its log line, its metrics and the CLI. */
export interface RefreshReport {
  region: string;
  families: number;
  /** Families kept from an earlier refresh because this one could not resolve them. */
  stale: string[];
  /** Families listed by AWS whose image was never described. */
  unresolved: string[];
  /** Families whose image changed in this refresh. */
  changed: string[];
  /** Read-merge-write attempts for the document (more than 1: another writer raced this one). */
  writeAttempts: number;
  durationMs: number;
  calls: CallCounts;
}

export interface RefreshTarget {
  s3: S3Client;
  store: StoreSettings;
  /** Families chosen by owner and name pattern; default none. */
  patternFamilies?: readonly PatternFamily[];
  /** The time written as RetrievedAt; defaults to now. */
  now?: () => Date;
}

/** What AWS says now about a region's families; any failed or empty read is a RefreshError. */
async function readAws(region: string, clients: RegionClients, calls: CallCounts): Promise<ResolvedFamilies> {
  const abortSignal = AbortSignal.timeout(REFRESH_DEADLINE_MS);
  let parameters: Awaited<ReturnType<typeof walkParameters>>;
  try {
    const walks = await Promise.all(
      SSM_PATHS.map((path) => walkParameters(clients.ssm, path, calls, abortSignal)),
    );
    parameters = walks.flat();
  } catch (error) {
    throw new RefreshError(region, "SSM parameter walk failed", { cause: error });
  }
  const imageIds = pointedImageIds(familyPointers(parameters));
  if (imageIds.length === 0) throw new RefreshError(region, "SSM listed no image parameters");
  try {
    return resolveFamilies(parameters, await describeImagesById(clients.ec2, imageIds, calls, abortSignal));
  } catch (error) {
    throw new RefreshError(region, "DescribeImages failed", { cause: error });
  }
}

/**
 * The pattern families' images, from one DescribeImages for all of them. Its failure does not fail
 * the region: those families keep their last good records (see resolvePatternFamilies).
 */
async function readPatternFamilies(
  families: readonly PatternFamily[],
  clients: RegionClients,
  calls: CallCounts,
  now: Date,
): Promise<ResolvedFamilies> {
  if (families.length === 0) return { images: {}, missing: {} };
  const owners = [...new Set(families.flatMap((family) => family.Owners))].sort();
  const patterns = [...new Set(families.map((family) => family.NamePattern))].sort();
  try {
    const images = await describePatternImages(
      clients.ec2,
      owners,
      patterns,
      calls,
      AbortSignal.timeout(REFRESH_DEADLINE_MS),
    );
    return resolvePatternFamilies(families, images, now);
  } catch (error) {
    return resolvePatternFamilies(families, [], now, `DescribeImages failed: ${describeError(error)}`);
  }
}

/** SSM's families and the pattern families together; where a name is both, AWS's parameter wins. */
function withPatternFamilies(ssm: ResolvedFamilies, patterns: ResolvedFamilies): ResolvedFamilies {
  const fromSsm = (name: string) => name in ssm.images || name in ssm.missing;
  const keep = <T>(entries: Record<string, T>) =>
    Object.fromEntries(Object.entries(entries).filter(([name]) => !fromSsm(name)));
  return {
    images: { ...ssm.images, ...keep(patterns.images) },
    missing: { ...ssm.missing, ...keep(patterns.missing) },
  };
}

/** The stored document, or undefined when there is none or it is unreadable (it is then replaced). */
function currentDocument(content: unknown): RegionDocument | undefined {
  if (content === undefined || content === null) return undefined;
  try {
    return parseRegionDocument(content);
  } catch {
    return undefined;
  }
}

function currentHistory(content: unknown): RegionHistory | undefined {
  if (content === undefined || content === null) return undefined;
  try {
    return parseRegionHistory(content);
  } catch {
    return undefined;
  }
}

/**
 * Refreshes one region: walks AWS's public parameters, describes the images they name (one
 * DescribeImages), merges that into the stored document (never losing a family, never going
 * backwards) with a conditional write, then adds new images to the region's history. Any failed
 * AWS read throws RefreshError before anything is written, so the last good document stays.
 * @example await refreshRegion("eu-west-1", regionClients("eu-west-1"), { s3, store })
 */
export async function refreshRegion(
  region: string,
  clients: RegionClients,
  target: RefreshTarget,
): Promise<RefreshReport> {
  const started = performance.now();
  const calls: CallCounts = {};
  const now = (target.now ?? (() => new Date()))();
  const ssm = await readAws(region, clients, calls);
  const patterns = await readPatternFamilies(target.patternFamilies ?? [], clients, calls, now);
  const resolved = withPatternFamilies(ssm, patterns);
  const { s3, store } = target;

  let previous: RegionDocument | undefined;
  let document: RegionDocument;
  let writeAttempts: number;
  try {
    ({ written: document, attempts: writeAttempts } = await updateJsonObject(
      s3,
      store.bucket,
      documentKey(store.prefix, region),
      (content) => {
        previous = currentDocument(content);
        const merged = mergeRegionDocument(previous, resolved, region, now);
        if (!merged.ok) throw new RefreshError(region, merged.reason);
        return merged.document;
      },
    ));
    await updateJsonObject(s3, store.bucket, historyKey(store.prefix, region), (content) =>
      mergeHistory(currentHistory(content), document, now),
    );
  } catch (error) {
    if (error instanceof RefreshError) throw error;
    throw new RefreshError(region, "writing to S3 failed", { cause: error });
  }

  const changed = Object.keys(document.Images).filter(
    (family) => previous?.Images[family]?.ImageId !== document.Images[family]?.ImageId,
  );
  return {
    region,
    families: Object.keys(document.Images).length,
    stale: Object.keys(document.Stale ?? {}),
    unresolved: Object.keys(document.Unresolved),
    changed,
    writeAttempts,
    durationMs: Math.round(performance.now() - started),
    calls,
  };
}
