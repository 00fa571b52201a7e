import type { S3Client } from "@aws-sdk/client-s3";
import type { UnresolvedFamily } from "../contract/document.ts";
import { SSM_PATHS } from "../contract/families.ts";
import { type CallCounts, describeImagesById, walkParameters } from "./aws-reads.ts";
import { buildRegionDocument, familyPointers, pointedImageIds } from "./build-document.ts";
import type { RegionClients } from "./clients.ts";
import { RefreshError } from "./errors.ts";
import type { StoreSettings } from "./settings.ts";
import { putRegionDocument } from "./store.ts";

/**
 * One region's refresh must end well inside the function's timeout (see infra), so a hung
 * call fails this run cleanly instead of being killed mid-write.
 */
export const REFRESH_DEADLINE_MS = 60_000;

/** What a refresh did, for its log line and the CLI. */
export interface RefreshReport {
  region: string;
  families: number;
  unresolved: Record<string, UnresolvedFamily>;
  durationMs: number;
  calls: CallCounts;
}

export interface RefreshTarget {
  s3: S3Client;
  store: StoreSettings;
  /** The time written as RetrievedAt; defaults to now. */
  now?: () => Date;
}

/**
 * Refreshes one region: walks AWS's public parameters, describes the images they name (one
 * DescribeImages), and writes `<prefix>/<region>.json`. Any failed read throws RefreshError
 * before anything is written, so the last good document stays.
 * @example await refreshRegion("eu-west-1", regionClients("eu-west-1"), { s3, store })
 */
export async function refreshRegion(
  region: string,
  clients: RegionClients,
  target: RefreshTarget,
): Promise<RefreshReport> {
  const started = performance.now();
  const calls: CallCounts = {};
  const abortSignal = AbortSignal.timeout(REFRESH_DEADLINE_MS);
  const step = async <T>(what: string, action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      throw new RefreshError(region, what, { cause: error });
    }
  };

  const walks = await step("SSM parameter walk failed", () =>
    Promise.all(SSM_PATHS.map((path) => walkParameters(clients.ssm, path, calls, abortSignal))),
  );
  const parameters = walks.flat();
  const imageIds = pointedImageIds(familyPointers(parameters));
  if (imageIds.length === 0) throw new RefreshError(region, "SSM listed no image parameters");
  const images = await step("DescribeImages failed", () =>
    describeImagesById(clients.ec2, imageIds, calls, abortSignal),
  );

  const retrievedAt = (target.now ?? (() => new Date()))();
  const built = buildRegionDocument({ region, parameters, images, retrievedAt });
  if (!built.ok) throw new RefreshError(region, built.reason);
  await step("writing the document to S3 failed", () =>
    putRegionDocument(target.s3, target.store, built.document),
  );
  return {
    region,
    families: Object.keys(built.document.Images).length,
    unresolved: built.document.Unresolved,
    durationMs: Math.round(performance.now() - started),
    calls,
  };
}
