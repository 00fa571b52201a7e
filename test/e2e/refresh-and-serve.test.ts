import pMap from "p-map";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Unstable_DevWorker } from "wrangler";
import { familyOfParameter } from "../../contract/families.ts";
import type { LocalStack } from "../../local/stack.ts";
import type { FanoutReport } from "../../refresher/handlers/fanout.ts";
import { startRefreshedStack } from "../support/dev-worker.ts";
import { snapshotRegion, snapshotRegions } from "../support/snapshot.ts";

/**
 * The whole system on loopback: the fan-out function lists regions from the local AWS endpoint and
 * invokes the region function asynchronously for each (local Lambda); each region function walks
 * SSM, describes the images and writes to a real S3 server; the Worker, in workerd, serves them.
 */
let stack: LocalStack;
let worker: Unstable_DevWorker;
let fanned: FanoutReport;

beforeAll(async () => {
  ({ stack, fanned, worker } = await startRefreshedStack());
});

afterAll(async () => {
  await worker?.stop();
  await stack?.close();
});

async function text(path: string): Promise<{ status: number; body: string }> {
  const response = await worker.fetch(`http://127.0.0.1${path}`);
  return { status: response.status, body: await response.text() };
}

/** Every image family a region's snapshot publishes, with the ImageId AWS's parameter names. */
function publishedFamilies(region: string): { family: string; imageId: string; described: boolean }[] {
  const data = snapshotRegion(region);
  const described = new Set(data.Images.map((image) => image.ImageId));
  return data.SsmParameters.flatMap((parameter) => {
    const family = familyOfParameter(parameter.Name);
    return family ? [{ family, imageId: parameter.Value, described: described.has(parameter.Value) }] : [];
  });
}

describe("a full refresh through the fan-out, served by the Worker", () => {
  it("invoked the region function for all 30 regions and wrote them all", async () => {
    expect(fanned).toEqual({ regions: 30, invoked: 30, failed: {} });
    expect(stack.aws.calls()["lambda:Invoke"]).toBe(30);
    const list = (await (await fetch(`${stack.originUrl}/regions.json`)).json()) as { Regions: string[] };
    expect(list.Regions).toEqual(snapshotRegions());
  });

  it("serves, for every region and every family, the ImageId of AWS's parameter", async () => {
    const cases = snapshotRegions().flatMap((region) =>
      publishedFamilies(region).map((c) => ({ region, ...c })),
    );
    // 30 regions: 1,238 Amazon Linux parameters and 488 ECS lines in the snapshot.
    expect(cases).toHaveLength(1726);
    const mismatches: string[] = [];
    await pMap(
      cases,
      async ({ region, family, imageId, described }) => {
        const { status, body } = await text(`/latest/${region}/${family}?field=ImageId`);
        const served = described
          ? status === 200 && body === `${imageId}\n`
          : status === 404 && body.includes(imageId);
        if (!served) mismatches.push(`${region} ${family}: ${status} ${body.slice(0, 120)}`);
      },
      { concurrency: 16 },
    );
    expect(mismatches).toEqual([]);
  });

  it("answers the README's examples", async () => {
    expect(await text("/latest/us-east-1?field=ImageId")).toEqual({
      status: 200,
      body: "ami-0006118602dfc1c09\n",
    });
    expect(await text("/latest/eu-west-1/al2023-arm64?field=ImageId")).toEqual({
      status: 200,
      body: "ami-0ab117b5527d5fe24\n",
    });
    const json = JSON.parse((await text("/latest/us-east-1")).body) as { LatestImage: { Name: string } };
    expect(json.LatestImage.Name).toBe("al2023-ami-2023.12.20260727.0-kernel-6.1-x86_64");
  });
});
