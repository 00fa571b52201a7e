import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import type { RegionHistory } from "../../../contract/history.ts";
import { changeId, changesOf, feedId, lastRecorded } from "../../../worker/changes.ts";
import { atomFeed, jsonFeed, xmlText } from "../../../worker/feeds.ts";

const DEFAULT = "al2023-ami-kernel-default-x86_64";
const ARM = "al2023-ami-kernel-default-arm64";

/** Two regions' histories: us-east-1's default family moved twice, its arm64 once; eu-west-1 never. */
const HISTORIES: RegionHistory[] = [
  {
    Region: "us-east-1",
    Families: {
      [ARM]: [
        { ImageId: "ami-0e00000000000b002", Name: "al2023-arm-new", FirstSeen: "2026-08-10T18:00:00.000Z" },
        { ImageId: "ami-04fc404d256fd34a2", FirstSeen: "2026-07-27T20:00:00.000Z" },
      ],
      [DEFAULT]: [
        {
          ImageId: "ami-0e00000000000b001",
          Name: "al2023-ami-2023.12.20260810.0-kernel-6.1-x86_64",
          CreationDate: "2026-08-10T00:00:00.000Z",
          FirstSeen: "2026-08-10T18:00:00.000Z",
        },
        { ImageId: "ami-0e00000000000a001", Name: "middle", FirstSeen: "2026-08-01T06:00:00.000Z" },
        { ImageId: "ami-0006118602dfc1c09", Name: "oldest", FirstSeen: "2026-07-27T20:00:00.000Z" },
      ],
    },
  },
  {
    Region: "eu-west-1",
    Families: { [DEFAULT]: [{ ImageId: "ami-0ab117b5527d5fe24", FirstSeen: "2026-08-11T00:00:00.000Z" }] },
  },
];

describe("changesOf", () => {
  it("gives one change per image that replaced another, newest first, ties by region then family", () => {
    const changes = changesOf(HISTORIES, {});
    expect(changes.map((c) => [c.region, c.family, c.image.ImageId, c.previous.ImageId])).toEqual([
      ["us-east-1", ARM, "ami-0e00000000000b002", "ami-04fc404d256fd34a2"],
      ["us-east-1", DEFAULT, "ami-0e00000000000b001", "ami-0e00000000000a001"],
      ["us-east-1", DEFAULT, "ami-0e00000000000a001", "ami-0006118602dfc1c09"],
    ]);
  });

  it("treats the first image a history holds as its start, not a change", () => {
    expect(changesOf(HISTORIES, { region: "eu-west-1" })).toEqual([]);
  });

  it("filters by family and by region", () => {
    expect(changesOf(HISTORIES, { family: ARM }).map((c) => c.image.ImageId)).toEqual([
      "ami-0e00000000000b002",
    ]);
    expect(changesOf(HISTORIES, { family: DEFAULT, region: "us-east-1" })).toHaveLength(2);
    expect(changesOf(HISTORIES, { family: DEFAULT, region: "eu-west-1" })).toEqual([]);
  });

  it("keeps only the newest `limit`", () => {
    expect(changesOf(HISTORIES, {}, 1).map((c) => c.image.ImageId)).toEqual(["ami-0e00000000000b002"]);
  });
});

describe("IDs and dates", () => {
  it("builds a change's ID from region, family and image only", () => {
    const [change] = changesOf(HISTORIES, { family: DEFAULT });
    expect(change && changeId(change)).toBe(
      "tag:latest-ami,2026:change/us-east-1/al2023-ami-kernel-default-x86_64/ami-0e00000000000b001",
    );
  });

  it("gives each filtered feed its own ID", () => {
    expect(feedId({})).toBe("tag:latest-ami,2026:changes");
    expect(feedId({ family: DEFAULT, region: "us-east-1" })).toBe(
      "tag:latest-ami,2026:changes?region=us-east-1&family=al2023-ami-kernel-default-x86_64",
    );
  });

  it("dates a feed by the newest entry it could hold, baselines included", () => {
    expect(lastRecorded(HISTORIES, {})?.toISOString()).toBe("2026-08-11T00:00:00.000Z");
    expect(lastRecorded(HISTORIES, { region: "us-east-1" })?.toISOString()).toBe("2026-08-10T18:00:00.000Z");
    expect(lastRecorded(HISTORIES, { family: "al2099" })).toBeUndefined();
  });
});

const CONTEXT = {
  origin: "https://ami.example",
  filter: { family: DEFAULT },
  updated: new Date("2026-08-11"),
};

describe("jsonFeed", () => {
  it("writes JSON Feed 1.1 with absolute links and one item a change", () => {
    const feed = JSON.parse(jsonFeed(changesOf(HISTORIES, { family: DEFAULT }), CONTEXT));
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.feed_url).toBe("https://ami.example/changes?family=al2023-ami-kernel-default-x86_64");
    expect(feed.home_page_url).toBe("https://ami.example/");
    expect(feed.items[0]).toEqual({
      id: "tag:latest-ami,2026:change/us-east-1/al2023-ami-kernel-default-x86_64/ami-0e00000000000b001",
      url: "https://ami.example/history/us-east-1/al2023-ami-kernel-default-x86_64",
      title: "us-east-1 al2023-ami-kernel-default-x86_64: ami-0e00000000000b001",
      content_text:
        "al2023-ami-kernel-default-x86_64 in us-east-1 is now ami-0e00000000000b001 (al2023-ami-2023.12.20260810.0-kernel-6.1-x86_64), created 2026-08-10T00:00:00.000Z; it was ami-0e00000000000a001 (middle). First seen 2026-08-10T18:00:00.000Z.",
      date_published: "2026-08-10T18:00:00.000Z",
      tags: ["us-east-1", "al2023-ami-kernel-default-x86_64"],
      _latest_ami: {
        region: "us-east-1",
        family: "al2023-ami-kernel-default-x86_64",
        image_id: "ami-0e00000000000b001",
        name: "al2023-ami-2023.12.20260810.0-kernel-6.1-x86_64",
        creation_date: "2026-08-10T00:00:00.000Z",
        previous_image_id: "ami-0e00000000000a001",
      },
    });
    expect(feed.items).toHaveLength(2);
  });
});

describe("atomFeed", () => {
  const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "entry" });

  it("is well-formed XML with the feed and entry elements RFC 4287 requires", () => {
    const xml = atomFeed(changesOf(HISTORIES, {}), { ...CONTEXT, filter: {} });
    expect(XMLValidator.validate(xml)).toBe(true);
    const { feed } = parser.parse(xml);
    expect(feed["@_xmlns"]).toBe("http://www.w3.org/2005/Atom");
    expect(feed.id).toBe("tag:latest-ami,2026:changes");
    expect(feed.updated).toBe("2026-08-11T00:00:00.000Z");
    expect(feed.author.name).toBe("latest-ami");
    expect(feed.entry.map((entry: { id: string }) => entry.id)).toEqual(
      changesOf(HISTORIES, {}).map(changeId),
    );
    for (const entry of feed.entry) {
      expect(Object.keys(entry)).toEqual(expect.arrayContaining(["id", "title", "updated", "content"]));
    }
  });

  it("escapes what XML would read as markup, and replaces characters XML cannot hold", () => {
    expect(xmlText(`a<b>&"c'\u0001`)).toBe("a&lt;b&gt;&amp;&quot;c&apos;\uFFFD");
    const odd: RegionHistory[] = [
      {
        Region: "us-east-1",
        Families: {
          x: [
            {
              ImageId: "ami-0000000000000b",
              Name: "</content><evil/>&",
              FirstSeen: "2026-08-10T00:00:00.000Z",
            },
            { ImageId: "ami-0000000000000a", FirstSeen: "2026-08-09T00:00:00.000Z" },
          ],
        },
      },
    ];
    const xml = atomFeed(changesOf(odd, {}), { ...CONTEXT, filter: {} });
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(parser.parse(xml).feed.entry[0].content["#text"]).toContain("</content><evil/>&");
  });
});
