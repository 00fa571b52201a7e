import type { RegionHistory } from "../contract/history.ts";
import type { Answer } from "./answers.ts";
import { type ChangeFilter, changesOf, lastRecorded } from "./changes.ts";
import { atomFeed, jsonFeed } from "./feeds.ts";
import { HttpError } from "./http-error.ts";
import { type OriginEnv, readEveryListedRegion, readRegionHistory } from "./origin.ts";

/**
 * What `/history/:region/:family`, `/changes` and `/changes.atom` answer, read from the histories
 * the region function keeps beside the documents (`history/<region>.json`).
 */

/** `GET /history/:region/:family`: the family's last images, newest first, with when each was first seen. */
export async function historyAnswer(env: OriginEnv, region: string, family: string): Promise<Answer> {
  const { value: history, stale } = await readRegionHistory(env, region);
  const entries = Object.hasOwn(history.Families, family) ? history.Families[family] : undefined;
  const newest = entries?.[0];
  if (!entries || !newest) {
    throw new HttpError(404, "unknown_family", `Family ${family} has no history in ${region}.`, {
      region,
      family,
    });
  }
  const body = JSON.stringify({ Region: region, Family: family, Images: entries });
  return { body, contentType: "application/json", lastModified: new Date(newest.FirstSeen), stale };
}

/**
 * The histories a feed needs: one region's when the filter names one, else every listed region's.
 * A listed region with no history yet (its first refresh has not landed) is left out.
 */
async function historiesFor(
  env: OriginEnv,
  filter: ChangeFilter,
): Promise<{ histories: RegionHistory[]; stale: boolean }> {
  if (filter.region !== undefined) {
    const read = await readRegionHistory(env, filter.region);
    return { histories: [read.value], stale: read.stale };
  }
  const { values, stale } = await readEveryListedRegion(env, readRegionHistory);
  return { histories: values, stale };
}

export type FeedFormat = "json" | "atom";

/** `GET /changes` (JSON Feed 1.1) and `GET /changes.atom` (Atom): the changes, newest first. */
export async function changesAnswer(
  env: OriginEnv,
  origin: string,
  filter: ChangeFilter,
  format: FeedFormat,
): Promise<Answer> {
  const { histories, stale } = await historiesFor(env, filter);
  const updated = lastRecorded(histories, filter);
  if (updated === undefined && filter.family === undefined) {
    throw new HttpError(503, "origin_unavailable", "No image history has been published yet.");
  }
  if (updated === undefined) {
    const where = filter.region ?? "any region";
    throw new HttpError(404, "unknown_family", `Family ${filter.family} has no history in ${where}.`, {
      family: filter.family,
      ...(filter.region === undefined ? {} : { region: filter.region }),
    });
  }
  const changes = changesOf(histories, filter);
  const context = { origin, filter, updated };
  return format === "json"
    ? { body: jsonFeed(changes, context), contentType: "application/feed+json", lastModified: updated, stale }
    : {
        body: atomFeed(changes, context),
        contentType: "application/atom+xml; charset=utf-8",
        lastModified: updated,
        stale,
      };
}
