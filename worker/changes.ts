import type { HistoryEntry, RegionHistory } from "../contract/history.ts";

/**
 * The changes the histories record: a (region, family) whose image became another one. Pure, for
 * `GET /changes` and `GET /changes.atom`.
 *
 * The oldest image a history holds for a family is the baseline, not a change: it is what the
 * family pointed at when the service first looked (or the oldest kept of the last
 * HISTORY_LENGTH), and there is no earlier image to say it replaced. So a fresh deployment's feed
 * is empty until AWS moves a parameter, rather than a flood of every family in every region.
 */

/** Entries a feed carries, newest first: one AWS release touches about 16 families in 30 regions. */
export const FEED_LENGTH = 500;

/** Minted once for this service's tag: URIs (RFC 4151); never change it, or every reader sees new entries. */
const TAG_AUTHORITY = "latest-ami,2026";

export interface Change {
  region: string;
  family: string;
  image: HistoryEntry;
  /** The image it replaced. */
  previous: HistoryEntry;
}

export interface ChangeFilter {
  family?: string;
  region?: string;
}

/**
 * The stable ID of a change: the same region, family and image give the same ID in every refresh
 * and every deployment, so a feed reader never shows one change twice.
 * @example changeId({ region: "us-east-1", family: "al2023-ami-kernel-default-x86_64", image: { ImageId: "ami-0006118602dfc1c09", ... }, ... })
 *   // "tag:latest-ami,2026:change/us-east-1/al2023-ami-kernel-default-x86_64/ami-0006118602dfc1c09"
 */
export function changeId(change: Pick<Change, "region" | "family" | "image">): string {
  return `tag:${TAG_AUTHORITY}:change/${change.region}/${change.family}/${change.image.ImageId}`;
}

/** The ID of a whole feed (its filters included, so each filtered feed is its own). */
export function feedId(filter: ChangeFilter): string {
  const parts = [filter.region && `region=${filter.region}`, filter.family && `family=${filter.family}`];
  const query = parts.filter(Boolean).join("&");
  return `tag:${TAG_AUTHORITY}:changes${query ? `?${query}` : ""}`;
}

function byNewest(a: Change, b: Change): number {
  const time = Date.parse(b.image.FirstSeen) - Date.parse(a.image.FirstSeen);
  if (time !== 0) return time;
  if (a.region !== b.region) return a.region < b.region ? -1 : 1;
  return a.family < b.family ? -1 : a.family > b.family ? 1 : 0;
}

/**
 * Every change the histories hold that the filter admits, newest first (by FirstSeen, then region,
 * then family), at most `limit`.
 */
export function changesOf(
  histories: readonly RegionHistory[],
  filter: ChangeFilter,
  limit = FEED_LENGTH,
): Change[] {
  const changes: Change[] = [];
  for (const history of histories) {
    if (filter.region !== undefined && history.Region !== filter.region) continue;
    for (const [family, entries] of Object.entries(history.Families)) {
      if (filter.family !== undefined && family !== filter.family) continue;
      // Newest first: each entry replaced the one after it; the last has no predecessor.
      entries.forEach((image, i) => {
        const previous = entries[i + 1];
        if (previous) changes.push({ region: history.Region, family, image, previous });
      });
    }
  }
  return changes.sort(byNewest).slice(0, limit);
}

/**
 * When the filtered histories last recorded anything (a change or a baseline), or undefined when
 * they hold nothing the filter admits: the feed's `updated` and Last-Modified.
 */
export function lastRecorded(histories: readonly RegionHistory[], filter: ChangeFilter): Date | undefined {
  let newest: number | undefined;
  for (const history of histories) {
    if (filter.region !== undefined && history.Region !== filter.region) continue;
    for (const [family, entries] of Object.entries(history.Families)) {
      if (filter.family !== undefined && family !== filter.family) continue;
      for (const entry of entries) {
        const time = Date.parse(entry.FirstSeen);
        if (!Number.isNaN(time) && (newest === undefined || time > newest)) newest = time;
      }
    }
  }
  return newest === undefined ? undefined : new Date(newest);
}
