import { rmSync } from "node:fs";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Unstable_DevWorker } from "wrangler";
import { type LocalAws, startLocalAws } from "../../local/aws/server.ts";
import { type LocalStack, REGION_FUNCTION_NAME, startLocalStack } from "../../local/stack.ts";
import { handler as fanout } from "../../refresher/handlers/fanout.ts";
import { handler as regionHandler } from "../../refresher/handlers/region.ts";
import { atomProblems } from "../support/atom.ts";
import { startDevWorker } from "../support/dev-worker.ts";
import { MOVED_AT, MOVES, writeNewerCatalogue } from "../support/newer-catalogue.ts";
import { ssmValue } from "../support/snapshot.ts";

/**
 * The feeds across two refreshes: the fan-out over the snapshot, then AWS "moves" four parameters
 * (test/support/newer-catalogue.ts) and the fan-out runs again over the newer catalogue, served by
 * a new local AWS endpoint on the same port, writing to the same S3. The Worker, in workerd over
 * HTTP, keeps no copy (CACHE_TTL_S=0), so each request reads what the refresher wrote.
 */

interface FeedItem {
  id: string;
  url: string;
  title: string;
  date_published: string;
  _latest_ami: { region: string; family: string; image_id: string; previous_image_id: string };
}
interface JsonFeed {
  version: string;
  items: FeedItem[];
}

let stack: LocalStack;
let newer: LocalAws | undefined;
let worker: Unstable_DevWorker;
let catalogueDir: string;
let before: { json: JsonFeed; atom: string };

async function get(path: string): Promise<Response> {
  return worker.fetch(`http://127.0.0.1${path}`);
}

async function feed(path: string): Promise<JsonFeed> {
  const response = await get(path);
  expect(response.status, path).toBe(200);
  return (await response.json()) as JsonFeed;
}

/** Runs the fan-out and waits until every region function it started has finished. */
async function refreshAll(aws: LocalAws): Promise<void> {
  expect(await fanout()).toEqual({ regions: 30, invoked: 30, failed: {} });
  await aws.idle();
}

beforeAll(async () => {
  process.env.LOG_LEVEL = "warn";
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
  catalogueDir = writeNewerCatalogue();
  stack = await startLocalStack();
  await refreshAll(stack.aws);
  worker = await startDevWorker(stack.originUrl, { CACHE_TTL_S: "0" });
  before = { json: await feed("/changes"), atom: await (await get("/changes.atom")).text() };
  // AWS moves four parameters: the same endpoint address now serves the newer catalogue.
  await stack.aws.close();
  newer = await startLocalAws({
    port: stack.aws.port,
    catalogueDir,
    functions: { [REGION_FUNCTION_NAME]: regionHandler },
  });
  await refreshAll(newer);
});

afterAll(async () => {
  await worker?.stop();
  await newer?.close();
  await stack?.close();
  rmSync(catalogueDir, { recursive: true, force: true });
});

const EXPECTED_IDS = MOVES.map(
  (move) => `tag:latest-ami,2026:change/${move.region}/${move.family}/${move.imageId}`,
);

describe("the changes feeds across a refresh with a newer catalogue", () => {
  it("had no entries after the first refresh: each history only started", () => {
    expect(before.json.items).toEqual([]);
    expect(atomProblems(before.atom)).toEqual([]);
  });

  it("gives one JSON Feed item per moved parameter, newest first, each naming the image it replaced", async () => {
    const { version, items } = await feed("/changes");
    expect(version).toBe("https://jsonfeed.org/version/1.1");
    expect(items.map((item) => item.id).sort()).toEqual([...EXPECTED_IDS].sort());
    const dates = items.map((item) => Date.parse(item.date_published));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    for (const move of MOVES) {
      const item = items.find((i) => i._latest_ami.image_id === move.imageId);
      expect(item?._latest_ami).toEqual({
        region: move.region,
        family: move.family,
        image_id: move.imageId,
        name: move.name,
        creation_date: "2026-08-10T00:00:00.000Z",
        previous_image_id: ssmValue(move.region, `/aws/service/ami-amazon-linux-latest/${move.family}`),
      });
      expect(item?.url).toMatch(
        new RegExp(`^http://127\\.0\\.0\\.1(:\\d+)?/history/${move.region}/${move.family}$`),
      );
    }
  });

  it("gives the same entries in the same order as a valid Atom feed", async () => {
    const response = await get("/changes.atom");
    expect(response.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const xml = await response.text();
    expect(atomProblems(xml)).toEqual([]);
    const { feed: atom } = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === "entry" }).parse(
      xml,
    );
    const json = await feed("/changes");
    expect(atom.entry.map((e: { id: string }) => e.id)).toEqual(json.items.map((i) => i.id));
    expect(atom.entry.map((e: { updated: string }) => e.updated)).toEqual(
      json.items.map((i) => i.date_published),
    );
    expect(atom.updated).toBe(json.items[0]?.date_published);
  });

  it.each([
    ["/changes?region=us-east-1", [EXPECTED_IDS[0], EXPECTED_IDS[1]]],
    ["/changes?family=al2023-arm64", [EXPECTED_IDS[1]]],
    ["/changes?family=al2023&region=eu-west-1", [EXPECTED_IDS[2]]],
    ["/changes?family=al2023-minimal", []],
  ])("%s filters the entries", async (path, ids) => {
    expect((await feed(path)).items.map((item) => item.id).sort()).toEqual([...ids].sort());
  });

  it("keeps its IDs and bytes when a later refresh finds nothing new", async () => {
    const first = await get("/changes");
    const atomFirst = await get("/changes.atom");
    await refreshAll(newer as LocalAws);
    const again = await get("/changes");
    expect(again.headers.get("etag")).toBe(first.headers.get("etag"));
    expect((await get("/changes.atom")).headers.get("etag")).toBe(atomFirst.headers.get("etag"));
    expect(await again.text()).toBe(await first.text());
  });

  it("records the move in the family's history and serves the new image", async () => {
    const history = (await (await get("/history/us-east-1/al2023")).json()) as {
      Images: { ImageId: string; FirstSeen: string }[];
    };
    expect(history.Images.map((i) => i.ImageId)).toEqual(["ami-0e00000000000b001", "ami-0006118602dfc1c09"]);
    expect(Date.parse(history.Images[0]?.FirstSeen ?? "")).toBeGreaterThan(Date.parse(MOVED_AT));
    expect(await (await get("/latest/us-east-1?field=ImageId")).text()).toBe("ami-0e00000000000b001\n");
  });
});

describe("the Atom check the feed tests rely on", () => {
  const feedOf = (inner: string) =>
    `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">${inner}</feed>`;
  const head =
    '<id>tag:x,2026:f</id><title>t</title><updated>2026-08-10T00:00:00Z</updated><link rel="self" href="http://x/"/><author><name>a</name></author>';
  const entry = (inner: string) => `<entry>${inner}</entry>`;

  it.each([
    ["malformed XML", feedOf(`${head}<entry>`), "not well-formed XML"],
    ["another namespace", head.replace("", '<feed xmlns="urn:other">').concat("</feed>"), "Atom namespace"],
    ["no feed id", feedOf(head.replace("<id>tag:x,2026:f</id>", "")), "exactly one atom:id"],
    ["a relative id", feedOf(head.replace("tag:x,2026:f", "changes")), "absolute IRI"],
    ["a date that is not RFC 3339", feedOf(head.replace("2026-08-10T00:00:00Z", "Aug 10 2026")), "RFC 3339"],
    [
      "an entry without updated",
      feedOf(head + entry('<id>tag:x,2026:e</id><title>e</title><content type="text">c</content>')),
      "entry 0 must have exactly one atom:updated",
    ],
    [
      "two entries with one id",
      feedOf(
        head +
          entry(
            "<id>tag:x,2026:e</id><title>e</title><updated>2026-08-10T00:00:00Z</updated><content>c</content>",
          ).repeat(2),
      ),
      "repeats id",
    ],
  ])("refuses %s", (_, xml, problem) => {
    expect(atomProblems(xml).join("\n")).toContain(problem);
  });

  it("accepts a minimal valid feed", () => {
    expect(atomProblems(feedOf(head))).toEqual([]);
  });
});
