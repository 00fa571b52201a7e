import { XMLParser, XMLValidator } from "fast-xml-parser";

/**
 * A strict check of an Atom document against RFC 4287's rules for what a feed and its entries
 * must hold: well-formed XML first (fast-xml-parser's validator), then the element rules the
 * RFC's schema states (§4.1.1, §4.1.2, §3.3 dates, §4.2.6 IDs). Returns the problems found.
 */

export const ATOM_NS = "http://www.w3.org/2005/Atom";

/** RFC 3339 date-time, as Atom's Date constructs require (§3.3). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
/** An absolute IRI starts with a scheme (§4.2.6: atom:id is an absolute IRI). */
const ABSOLUTE_IRI = /^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/;

type Node = Record<string, unknown>;

const REPEATED = new Set(["entry", "link", "author", "id", "title", "updated", "content", "category"]);

function text(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && "#text" in value) return String((value as Node)["#text"]);
  return undefined;
}

function exactlyOne(node: Node, name: string, where: string, problems: string[]): unknown {
  const values = (node[name] as unknown[] | undefined) ?? [];
  if (values.length !== 1) problems.push(`${where} must have exactly one atom:${name}, has ${values.length}`);
  return values[0];
}

function checkDate(value: unknown, where: string, problems: string[]): void {
  const date = text(value);
  if (date === undefined || !RFC3339.test(date)) problems.push(`${where} is not an RFC 3339 date: ${date}`);
}

/** The problems with `xml` as an Atom feed document; empty when it is a valid one. */
export function atomProblems(xml: string): string[] {
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true)
    return [`not well-formed XML: ${wellFormed.err.msg} (line ${wellFormed.err.line})`];
  const parsed = new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => REPEATED.has(name),
  }).parse(xml) as Node;
  const feed = parsed.feed as Node | undefined;
  if (!feed) return ["the root element is not feed"];
  const problems: string[] = [];
  if (feed["@_xmlns"] !== ATOM_NS) problems.push(`feed is not in the Atom namespace: ${feed["@_xmlns"]}`);
  const id = text(exactlyOne(feed, "id", "feed", problems));
  if (id !== undefined && !ABSOLUTE_IRI.test(id)) problems.push(`feed id is not an absolute IRI: ${id}`);
  exactlyOne(feed, "title", "feed", problems);
  checkDate(exactlyOne(feed, "updated", "feed", problems), "feed updated", problems);
  const links = (feed.link as Node[] | undefined) ?? [];
  if (!links.some((link) => link["@_rel"] === "self"))
    problems.push("feed has no rel=self link (§4.2.7.2 SHOULD)");
  const entries = (feed.entry as Node[] | undefined) ?? [];
  const feedHasAuthor = ((feed.author as unknown[] | undefined) ?? []).length > 0;
  const ids = new Set<string>();
  entries.forEach((entry, i) => {
    const where = `entry ${i}`;
    const entryId = text(exactlyOne(entry, "id", where, problems));
    if (entryId !== undefined) {
      if (!ABSOLUTE_IRI.test(entryId)) problems.push(`${where} id is not an absolute IRI: ${entryId}`);
      if (ids.has(entryId)) problems.push(`${where} repeats id ${entryId}`);
      ids.add(entryId);
    }
    exactlyOne(entry, "title", where, problems);
    checkDate(exactlyOne(entry, "updated", where, problems), `${where} updated`, problems);
    if (!feedHasAuthor && !entry.author) problems.push(`${where} has no author and the feed has none`);
    const contents = (entry.content as unknown[] | undefined) ?? [];
    const alternate = ((entry.link as Node[] | undefined) ?? []).some(
      (link) => (link["@_rel"] ?? "alternate") === "alternate",
    );
    if (contents.length > 1) problems.push(`${where} has more than one content`);
    if (contents.length === 0 && !alternate)
      problems.push(`${where} has neither content nor an alternate link`);
  });
  return problems;
}
