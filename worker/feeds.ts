import { type Change, type ChangeFilter, changeId, feedId } from "./changes.ts";

/**
 * The changes as JSON Feed 1.1 (https://jsonfeed.org/version/1.1) and as Atom (RFC 4287). Pure:
 * the same changes and links give the same bytes, so the ETag holds until a change lands.
 */

export interface FeedContext {
  /** The service's own origin, e.g. "https://ami.example.com": feeds carry absolute links. */
  origin: string;
  filter: ChangeFilter;
  /** When the filtered histories last recorded anything; the feed's `updated`. */
  updated: Date;
}

const TITLE = "latest-ami: new AMIs";

function filterQuery(filter: ChangeFilter): string {
  const params = new URLSearchParams();
  if (filter.family !== undefined) params.set("family", filter.family);
  if (filter.region !== undefined) params.set("region", filter.region);
  const query = params.toString();
  return query ? `?${query}` : "";
}

function feedTitle(filter: ChangeFilter): string {
  const scope = [filter.family, filter.region].filter((part) => part !== undefined).join(" in ");
  return scope ? `${TITLE} (${scope})` : TITLE;
}

/** Where a change can be looked at later: that family's history in that region. */
function changeUrl(origin: string, change: Change): string {
  return `${origin}/history/${change.region}/${change.family}`;
}

function described(image: Change["image"]): string {
  return image.Name ? `${image.ImageId} (${image.Name})` : image.ImageId;
}

function entryTitle(change: Change): string {
  return `${change.region} ${change.family}: ${change.image.ImageId}`;
}

function entryText(change: Change): string {
  const created = change.image.CreationDate ? `, created ${change.image.CreationDate}` : "";
  return `${change.family} in ${change.region} is now ${described(change.image)}${created}; it was ${described(change.previous)}. First seen ${change.image.FirstSeen}.`;
}

/** `GET /changes`: JSON Feed 1.1, one item a change, newest first. */
export function jsonFeed(changes: readonly Change[], context: FeedContext): string {
  const { origin, filter } = context;
  return JSON.stringify({
    version: "https://jsonfeed.org/version/1.1",
    title: feedTitle(filter),
    home_page_url: `${origin}/`,
    feed_url: `${origin}/changes${filterQuery(filter)}`,
    description:
      "One item each time AWS points a family at a new image in a region, as the refresher first saw it.",
    authors: [{ name: "latest-ami", url: `${origin}/` }],
    language: "en",
    _latest_ami: {
      about: `${origin}/openapi.json`,
      id: feedId(filter),
      updated: context.updated.toISOString(),
    },
    items: changes.map((change) => ({
      id: changeId(change),
      url: changeUrl(origin, change),
      title: entryTitle(change),
      content_text: entryText(change),
      date_published: change.image.FirstSeen,
      tags: [change.region, change.family],
      _latest_ami: {
        region: change.region,
        family: change.family,
        image_id: change.image.ImageId,
        name: change.image.Name ?? null,
        creation_date: change.image.CreationDate ?? null,
        previous_image_id: change.previous.ImageId,
      },
    })),
  });
}

/** Characters XML 1.0 does not allow at all; AWS's names never hold them, but nothing here relies on that. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text made safe for XML content and attribute values. */
export function xmlText(text: string): string {
  return text
    .replace(NOT_XML, "\uFFFD")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}

function atomEntry(origin: string, change: Change): string {
  const url = xmlText(changeUrl(origin, change));
  return [
    "<entry>",
    `<id>${xmlText(changeId(change))}</id>`,
    `<title>${xmlText(entryTitle(change))}</title>`,
    `<updated>${xmlText(change.image.FirstSeen)}</updated>`,
    `<published>${xmlText(change.image.FirstSeen)}</published>`,
    `<link rel="alternate" type="application/json" href="${url}"/>`,
    `<category term="${xmlText(change.region)}" label="region"/>`,
    `<category term="${xmlText(change.family)}" label="family"/>`,
    `<content type="text">${xmlText(entryText(change))}</content>`,
    "</entry>",
  ].join("");
}

/** `GET /changes.atom`: the same entries as an Atom feed. */
export function atomFeed(changes: readonly Change[], context: FeedContext): string {
  const { origin, filter } = context;
  const self = xmlText(`${origin}/changes.atom${filterQuery(filter)}`);
  return [
    '<?xml version="1.0" encoding="utf-8"?>\n',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
    `<id>${xmlText(feedId(filter))}</id>`,
    `<title>${xmlText(feedTitle(filter))}</title>`,
    "<subtitle>One entry each time AWS points a family at a new image in a region.</subtitle>",
    `<updated>${context.updated.toISOString()}</updated>`,
    `<link rel="self" type="application/atom+xml" href="${self}"/>`,
    `<link rel="alternate" type="text/html" href="${xmlText(`${origin}/`)}"/>`,
    `<author><name>latest-ami</name><uri>${xmlText(`${origin}/`)}</uri></author>`,
    "<generator>latest-ami</generator>",
    ...changes.map((change) => atomEntry(origin, change)),
    "</feed>\n",
  ].join("");
}
