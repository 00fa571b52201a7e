import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RefreshedStack, startRefreshedStack } from "../support/dev-worker.ts";
import { snapshotRegions, ssmValue } from "../support/snapshot.ts";

/**
 * One region's failure must stay that region's. The Worker runs under wrangler's production
 * settings (the Worker test pool turns off workerd's cross-request promise checks; this does
 * not): an answer that reads every region, failing on one, must not leave the other regions'
 * reads unfinished, and so every later request for them waiting forever.
 */

let system: RefreshedStack;

beforeAll(async () => {
  system = await startRefreshedStack({ throughProxy: true });
});

afterAll(async () => {
  await system?.worker.stop();
  await system?.proxy?.close();
  await system?.stack.close();
});

async function imageId(region: string): Promise<{ status: number; body: string }> {
  const response = await system.worker.fetch(`http://127.0.0.1/latest/${region}?field=ImageId`);
  return { status: response.status, body: await response.text() };
}

const DEFAULT_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";

describe("one bad document among thirty", () => {
  it("answers every other region, and that one again once it is good", async () => {
    system.proxy?.setFault({ kind: "malformed" }, "/eu-west-1.json");
    expect((await system.worker.fetch("http://127.0.0.1/healthz")).status).toBe(502);
    const others = snapshotRegions().filter((region) => region !== "eu-west-1");
    const answers = await Promise.all(others.map(imageId));
    expect(answers).toEqual(
      others.map((region) => ({ status: 200, body: `${ssmValue(region, DEFAULT_PARAMETER)}\n` })),
    );

    system.proxy?.setFault(undefined);
    expect(await imageId("eu-west-1")).toEqual({
      status: 200,
      body: `${ssmValue("eu-west-1", DEFAULT_PARAMETER)}\n`,
    });
    expect((await system.worker.fetch("http://127.0.0.1/healthz")).status).toBe(200);
  });
});
