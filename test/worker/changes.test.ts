import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { errorOf, get } from "./http.ts";
import { originCounts } from "./origin-control.ts";

/**
 * The feeds after the global setup's one refresh of the snapshot: every history holds one image a
 * family, the start of its history, so there is no change yet. The feeds after a newer catalogue
 * are in test/e2e/changes-feed.test.ts.
 */

interface JsonFeed {
  version: string;
  title: string;
  feed_url: string;
  home_page_url: string;
  items: unknown[];
  _latest_ami: { updated: string };
}

/** History GETs the origin saw, by key; files run one at a time, so a difference is this file's. */
async function historyGets(): Promise<Map<string, number>> {
  const counts = Object.entries(await originCounts());
  return new Map(counts.filter(([key]) => key.startsWith("GET /latest-ami/v1/history/")));
}

let historiesBefore: Map<string, number>;
beforeAll(async () => {
  historiesBefore = await historyGets();
});

describe("GET /changes", () => {
  it("is a JSON Feed 1.1 with no items yet", async () => {
    const response = await get("/changes");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/feed+json");
    const feed = (await response.json()) as JsonFeed;
    expect(feed).toMatchObject({
      version: "https://jsonfeed.org/version/1.1",
      title: "latest-ami: new AMIs",
      home_page_url: "http://latest-ami.test/",
      feed_url: "http://latest-ami.test/changes",
      items: [],
    });
    expect(response.headers.get("last-modified")).toBe(new Date(feed._latest_ami.updated).toUTCString());
    expect(response.headers.get("cache-control")).toBe(
      "public, max-age=300, stale-while-revalidate=3600, stale-if-error=86400",
    );
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("filters by family (alias resolved) and region, and says so in its links", async () => {
    const feed = (await (await get("/changes?region=eu-west-1&family=al2023")).json()) as JsonFeed;
    expect(feed.feed_url).toBe(
      "http://latest-ami.test/changes?family=al2023-ami-kernel-default-x86_64&region=eu-west-1",
    );
    expect(feed.title).toBe("latest-ami: new AMIs (al2023-ami-kernel-default-x86_64 in eu-west-1)");
  });

  it("reads each region's history once for many feed requests", async () => {
    for (const path of ["/changes", "/changes?utm_source=x", "/changes.atom", "/changes?family=al2"]) {
      expect((await get(path)).status).toBe(200);
    }
    const after = await historyGets();
    const read = [...after].map(([key, count]) => [key, count - (historiesBefore.get(key) ?? 0)] as const);
    const readByThisFile = read.filter(([, count]) => count > 0);
    expect(readByThisFile).toHaveLength(30);
    expect(readByThisFile.every(([, count]) => count === 1)).toBe(true);
  });

  it("keys its edge copy canonically: an unknown parameter shares the entry", async () => {
    await get("/changes?family=al2-arm64");
    const again = await get("/changes?family=amzn2-ami-kernel-default-hvm-arm64-gp2&utm=1");
    expect(again.headers.get("cache-status")).toBe("latest-ami; hit");
  });

  it("answers 304 to its own ETag, with the validators kept", async () => {
    const first = await get("/changes");
    const again = await get("/changes", { headers: { "if-none-match": first.headers.get("etag") ?? "" } });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(first.headers.get("etag"));
  });

  it.each([
    ["/changes?family=al2099", 404, "unknown_family"],
    ["/changes?region=xx-nowhere-1", 404, "unknown_region"],
    ["/changes?region=us_east_1", 400, "invalid_region"],
    ["/changes.atom?family=AL..2023", 400, "invalid_family"],
    ["/changes?region=us-east-1&region=eu-west-1", 400, "invalid_region"],
    ["/changes.atom?family=al2023&family=al2", 400, "invalid_family"],
  ])("%s → %i %s", async (path, status, code) => {
    const response = await get(path);
    expect(response.status).toBe(status);
    expect((await errorOf(response)).code).toBe(code);
  });
});

describe("GET /changes.atom", () => {
  it("is a well-formed Atom feed with its id, title, updated, author and self link", async () => {
    const response = await get("/changes.atom?region=us-east-1");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const xml = await response.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const { feed } = new XMLParser({ ignoreAttributes: false }).parse(xml);
    expect(feed["@_xmlns"]).toBe("http://www.w3.org/2005/Atom");
    expect(feed.id).toBe("tag:latest-ami,2026:changes?region=us-east-1");
    expect(feed.title).toBe("latest-ami: new AMIs (us-east-1)");
    expect(new Date(feed.updated).toUTCString()).toBe(response.headers.get("last-modified"));
    expect(feed.author.name).toBe("latest-ami");
    expect(feed.entry).toBeUndefined();
    const self = [feed.link].flat().find((link: Record<string, string>) => link["@_rel"] === "self");
    expect(self["@_href"]).toBe("http://latest-ami.test/changes.atom?region=us-east-1");
  });
});
