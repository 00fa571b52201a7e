import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRegionDocument } from "../../contract/document.ts";
import { UNUSED_CREDENTIAL_PROVIDERS } from "../../infra/refresher-function.ts";
import { type LocalAws, startLocalAws } from "../../local/aws/server.ts";
import { LOCAL_S3_CREDENTIALS, type LocalS3, startLocalS3 } from "../../local/s3.ts";
import { importsOf, removeSynthOutputs, type Synthesized, synth } from "./synth.ts";

/**
 * The two bundles the CDK app builds: what they contain, and that they run as Lambda runs them,
 * in a process of their own with nothing but the function's settings and its role's keys in the
 * environment, from a folder with no node_modules anywhere above it.
 */
const run = promisify(execFile);
const BUCKET = "latest-ami";
const REGION_FUNCTION_NAME = "latest-ami-region";

let base: Synthesized;
/** HOME for the bundles: an empty folder, so there is no shared config or credentials file to find. */
let home: string;
let aws: LocalAws;
let s3: LocalS3;
const regionEvents: unknown[] = [];

beforeAll(async () => {
  base = synth({}, { bundle: true });
  home = mkdtempSync(join(tmpdir(), "latest-ami-home-"));
  s3 = await startLocalS3({ bucket: BUCKET });
  aws = await startLocalAws({
    functions: {
      [REGION_FUNCTION_NAME]: async (event) => {
        regionEvents.push(event);
        return null;
      },
    },
  });
});

afterAll(async () => {
  await Promise.allSettled([aws?.close(), s3?.close()]);
  removeSynthOutputs();
  rmSync(home, { recursive: true, force: true });
});

const FUNCTIONS = {
  region: () => base.stack.regionFunction,
  "fan-out": () => base.stack.fanoutFunction,
};

/** The function's bundle file in the cloud assembly. */
function bundleOf(name: keyof typeof FUNCTIONS): string {
  const { Code } = base.template.toJSON().Resources[base.logicalId(FUNCTIONS[name]().function)].Properties;
  // The asset's S3 key is the hash of the bundle's directory in the cloud assembly.
  const assetDir = join(base.outdir, `asset.${String(Code.S3Key).replace(/\.zip$/, "")}`);
  expect(readdirSync(assetDir)).toEqual(["index.mjs"]);
  return join(assetDir, "index.mjs");
}

/**
 * Imports the bundle in a fresh Node process and calls its handler with `event`, in the
 * environment Lambda gives the function: its settings, AWS_REGION and the role's keys.
 */
async function invokeBundle(name: keyof typeof FUNCTIONS, event: unknown): Promise<unknown> {
  const file = bundleOf(name);
  const script = `const { handler } = await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(JSON.stringify(await handler(${JSON.stringify(event)})));`;
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
    cwd: tmpdir(),
    env: {
      HOME: home,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: LOCAL_S3_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_S3_CREDENTIALS.secretAccessKey,
      AWS_SESSION_TOKEN: "session-token",
      AWS_ENDPOINT_URL_EC2: aws.url,
      AWS_ENDPOINT_URL_SSM: aws.url,
      AWS_ENDPOINT_URL_LAMBDA: aws.url,
      AWS_ENDPOINT_URL_S3: s3.url,
      BUCKET,
      PREFIX: "v1",
      REGION_FUNCTION_NAME,
      LOG_LEVEL: "error",
      POWERTOOLS_METRICS_DISABLED: "true",
    },
  });
  return JSON.parse(stdout);
}

/** An object the bundles wrote to the local S3, as text. */
async function stored(key: string): Promise<string> {
  const client = new S3Client({
    region: "us-east-1",
    endpoint: s3.url,
    forcePathStyle: true,
    credentials: LOCAL_S3_CREDENTIALS,
  });
  const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return (await object.Body?.transformToString()) ?? "";
}

describe("each bundle", () => {
  it.each([
    ["region", "GetParametersByPath"],
    ["fan-out", "DescribeRegions"],
  ] as const)("is one minified ES module with the SDK's code for the %s handler's calls", (name, command) => {
    const code = readFileSync(bundleOf(name), "utf8");
    expect(code).toContain(command);
    // Minified: a few very long lines, not one statement a line.
    expect(code.split("\n").length).toBeLessThan(200);
  });

  it.each(Object.keys(FUNCTIONS) as (keyof typeof FUNCTIONS)[])(
    "%s: imports only Node built-ins when it loads, and by import() only the unused credential providers",
    async (name) => {
      const imports = (await importsOf(bundleOf(name))).filter(({ path }) => !path.startsWith("node:"));
      expect(imports.filter(({ kind }) => kind !== "dynamic-import")).toEqual([]);
      expect([...new Set(imports.map(({ path }) => path))].sort()).toEqual(
        [...UNUSED_CREDENTIAL_PROVIDERS].sort(),
      );
    },
  );
});

describe("the bundles, run with the role's keys in the environment", () => {
  it("the fan-out lists the regions and invokes the region function once for each", async () => {
    const report = await invokeBundle("fan-out", {});
    await aws.idle();
    expect(report).toEqual({ regions: 30, invoked: 30, failed: {} });
    expect(regionEvents).toHaveLength(30);
    expect(regionEvents).toContainEqual({ region: "eu-west-1" });
  });

  it("the region function refreshes us-east-1 and writes its document", async () => {
    const report = await invokeBundle("region", { region: "us-east-1" });
    expect(report).toMatchObject({
      region: "us-east-1",
      stale: [],
      writeAttempts: 1,
      calls: { GetParametersByPath: 21, DescribeImages: 2 },
    });
    const document = parseRegionDocument(JSON.parse(await stored("v1/us-east-1.json")));
    expect(document.LatestImage.ImageId).toBe("ami-0006118602dfc1c09");
  });
});
