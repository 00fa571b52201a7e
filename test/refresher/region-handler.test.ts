import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EC2Client } from "@aws-sdk/client-ec2";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { SSMClient } from "@aws-sdk/client-ssm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRegionDocument, type RegionDocument } from "../../contract/document.ts";
import type { RegionHistory } from "../../contract/history.ts";
import { startLocalAws } from "../../local/aws/server.ts";
import { LOCAL_BUCKET, type LocalStack, startLocalStack } from "../../local/stack.ts";
import { InvalidEventError } from "../../refresher/errors.ts";
import { handler as fanout } from "../../refresher/handlers/fanout.ts";
import { handler as regionHandler } from "../../refresher/handlers/region.ts";
import { refreshRegion } from "../../refresher/refresh-region.ts";
import { SNAPSHOT_DIR } from "../support/snapshot.ts";

/**
 * The region function and the fan-out through the real SDK, against the local AWS endpoint (with
 * faults) and a real S3 server (with S3's conditional writes). Each test uses its own region.
 */
let stack: LocalStack;
let s3: S3Client;

beforeAll(async () => {
  process.env.LOG_LEVEL = "error";
  stack = await startLocalStack();
  s3 = new S3Client({ forcePathStyle: true });
});

afterAll(async () => {
  await stack?.close();
});

async function stored(key: string): Promise<string | undefined> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: LOCAL_BUCKET, Key: key }));
    return await object.Body?.transformToString();
  } catch (error) {
    if (error instanceof Error && error.name === "NoSuchKey") return undefined;
    throw error;
  }
}

async function documentOf(region: string): Promise<RegionDocument> {
  const text = await stored(`v1/${region}.json`);
  if (text === undefined) throw new Error(`no document for ${region}`);
  return parseRegionDocument(JSON.parse(text));
}

async function historyOf(region: string): Promise<RegionHistory> {
  return JSON.parse((await stored(`v1/history/${region}.json`)) ?? "null") as RegionHistory;
}

describe("the region function", () => {
  it("is idempotent: a duplicate invocation gives the same document and one history entry", async () => {
    await regionHandler({ region: "eu-north-1" });
    const first = await documentOf("eu-north-1");
    await regionHandler({ region: "eu-north-1" });
    const second = await documentOf("eu-north-1");
    expect({ ...second, RetrievedAt: "" }).toEqual({ ...first, RetrievedAt: "" });
    const history = await historyOf("eu-north-1");
    expect(history.Families["al2023-ami-kernel-default-x86_64"]).toHaveLength(1);
    expect(Object.keys(history.Families)).toHaveLength(Object.keys(first.Images).length);
  });

  it("never goes backwards: a late invocation carrying older SSM data keeps the newer image", async () => {
    await regionHandler({ region: "us-east-1" });
    // An older catalogue: the default family's parameter one version back, at the 6.12 image.
    const older = mkdtempSync(join(tmpdir(), "latest-ami-older-"));
    const snapshot = JSON.parse(readFileSync(join(SNAPSHOT_DIR, "us-east-1.json"), "utf8"));
    for (const parameter of snapshot.SsmParameters) {
      if (parameter.Name.endsWith("/al2023-ami-kernel-default-x86_64")) {
        Object.assign(parameter, { Value: "ami-08bc385c9fc5afc94", Version: 181 });
      }
    }
    writeFileSync(join(older, "us-east-1.json"), JSON.stringify(snapshot));
    const olderAws = await startLocalAws({ catalogueDir: older });
    try {
      const clients = {
        ssm: new SSMClient({ region: "us-east-1", endpoint: olderAws.url }),
        ec2: new EC2Client({ region: "us-east-1", endpoint: olderAws.url }),
      };
      await refreshRegion("us-east-1", clients, { s3, store: { bucket: LOCAL_BUCKET, prefix: "v1" } });
    } finally {
      await olderAws.close();
      rmSync(older, { recursive: true, force: true });
    }
    const document = await documentOf("us-east-1");
    expect(document.LatestImage.ImageId).toBe("ami-0006118602dfc1c09");
    expect(document.LatestImage.Source.Version).toBe(182);
  });

  it("changes nothing when the SSM walk fails on its third page", async () => {
    await regionHandler({ region: "ap-northeast-1" });
    const before = await stored("v1/ap-northeast-1.json");
    const remove = stack.aws.addFault({
      service: "ssm",
      action: "GetParametersByPath",
      region: "ap-northeast-1",
      after: 2,
      times: 1,
      kind: { type: "error", code: "AccessDeniedException", status: 400 },
    });
    try {
      await expect(regionHandler({ region: "ap-northeast-1" })).rejects.toThrow(
        "ap-northeast-1: SSM parameter walk failed",
      );
    } finally {
      remove();
    }
    expect(await stored("v1/ap-northeast-1.json")).toBe(before);
  });

  it("keeps a family's last good record, marked stale, when DescribeImages no longer returns its image", async () => {
    await regionHandler({ region: "eu-central-1" });
    const good = await documentOf("eu-central-1");
    const family = "al2023-ami-kernel-default-arm64";
    const imageId = good.Images[family]?.ImageId ?? "";
    const remove = stack.aws.addFault({
      service: "ec2",
      action: "DescribeImages",
      region: "eu-central-1",
      kind: { type: "drop-image", imageId },
    });
    try {
      await regionHandler({ region: "eu-central-1" });
    } finally {
      remove();
    }
    const document = await documentOf("eu-central-1");
    expect(document.Images[family]).toEqual(good.Images[family]);
    expect(document.Stale?.[family]).toEqual({
      Since: document.RetrievedAt,
      Reason: "DescribeImages did not return this image",
    });
  });

  it("writes no partial object and reports the error when PutObject fails", async () => {
    await regionHandler({ region: "ca-central-1" });
    const before = await stored("v1/ca-central-1.json");
    stack.s3.failWrites({ status: 500, code: "InternalError", match: "ca-central-1.json" });
    try {
      await expect(regionHandler({ region: "ca-central-1" })).rejects.toThrow(
        "ca-central-1: writing to S3 failed",
      );
    } finally {
      stack.s3.failWrites(undefined);
    }
    expect(await stored("v1/ca-central-1.json")).toBe(before);
  });

  it("resolves two concurrent writes with S3's conditional write: both land, neither is lost", async () => {
    const store = { bucket: LOCAL_BUCKET, prefix: "v1" };
    // Writer A reads the document, then waits until writer B has written before it writes.
    let bWrote: () => void = () => {};
    const bHasWritten = new Promise<void>((resolve) => {
      bWrote = resolve;
    });
    const slowS3 = new S3Client({ forcePathStyle: true });
    let reads = 0;
    slowS3.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === "GetObjectCommand" && ++reads === 1) await bHasWritten;
        return result;
      },
      { step: "deserialize", name: "waitForOtherWriter" },
    );
    const clients = {
      ssm: new SSMClient({ region: "sa-east-1" }),
      ec2: new EC2Client({ region: "sa-east-1" }),
    };
    const a = refreshRegion("sa-east-1", clients, { s3: slowS3, store });
    const b = await refreshRegion("sa-east-1", clients, { s3, store });
    bWrote();
    const reportA = await a;
    expect(b.writeAttempts).toBe(1);
    expect(reportA.writeAttempts).toBe(2);
    expect((await documentOf("sa-east-1")).LatestImage.ImageId).toBe("ami-0b44997419d0b0d38");
  });
});

describe("bad events", () => {
  it("refuses bad, missing and injected region names before any AWS call or S3 write", async () => {
    const calls = JSON.stringify(stack.aws.calls());
    const puts = stack.s3.putCount();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          fc.record({
            region: fc.oneof(
              fc.string(),
              fc.constantFrom("../us-east-1", "us-east-1/../../regions", "US-EAST-1", "us-east-1\u0000", ""),
            ),
          }),
        ),
        async (event) => {
          await expect(regionHandler(event)).rejects.toBeInstanceOf(InvalidEventError);
        },
      ),
      { seed: 20_260_727, numRuns: 300 },
    );
    expect(JSON.stringify(stack.aws.calls())).toBe(calls);
    expect(stack.s3.putCount()).toBe(puts);
  });
});

describe("the fan-out", () => {
  it("skips a region AWS refuses (AuthFailure), leaves its document alone, and writes the others", async () => {
    await regionHandler({ region: "me-south-1" });
    const before = await stored("v1/me-south-1.json");
    const remove = stack.aws.addFault({
      service: "ec2",
      region: "me-south-1",
      kind: { type: "error", code: "AuthFailure" },
    });
    const removeSsm = stack.aws.addFault({
      service: "ssm",
      region: "me-south-1",
      kind: { type: "error", code: "UnrecognizedClientException" },
    });
    try {
      expect(await fanout()).toEqual({ regions: 30, invoked: 30, failed: {} });
      await stack.aws.idle();
    } finally {
      remove();
      removeSsm();
    }
    expect(await stored("v1/me-south-1.json")).toBe(before);
    expect((await documentOf("il-central-1")).Region).toBe("il-central-1");
  });
});

describe("pattern families", () => {
  it("stores each one's pick with how it was chosen, beside the SSM families", async () => {
    await regionHandler({ region: "us-west-1" });
    const document = await documentOf("us-west-1");
    expect(document.Images["rocky-9"]?.ImageId).toBe("ami-0f00000000000a001");
    expect(document.Images["rocky-9"]?.Source).toEqual({
      Pattern: {
        Owners: ["792107900819"],
        NamePattern: "Rocky-9-EC2-Base-9.*-*.x86_64",
        Architecture: "x86_64",
      },
    });
    expect(document.Images["ecs-by-name/amazon-linux-2023/arm64"]?.ImageId).toBe(
      document.Images["ecs/amazon-linux-2023/arm64"]?.ImageId,
    );
    expect(document.Images["al2023-ami-kernel-default-x86_64"]?.Source.SsmParameter).toBe(
      "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
    );
  });

  it("keep their last good records when their one DescribeImages fails, and the rest refreshes", async () => {
    await regionHandler({ region: "us-west-1" });
    const good = await documentOf("us-west-1");
    // The second DescribeImages of the refresh is the pattern families' one.
    const remove = stack.aws.addFault({
      service: "ec2",
      action: "DescribeImages",
      region: "us-west-1",
      after: 1,
      times: 1,
      kind: { type: "error", code: "UnauthorizedOperation", status: 403 },
    });
    try {
      await regionHandler({ region: "us-west-1" });
    } finally {
      remove();
    }
    const document = await documentOf("us-west-1");
    expect(document.RetrievedAt > good.RetrievedAt).toBe(true);
    expect(document.Images["almalinux-9"]).toEqual(good.Images["almalinux-9"]);
    expect(document.Stale?.["almalinux-9"]?.Reason).toMatch(/^DescribeImages failed: /);
    expect(document.Stale?.["al2023-ami-kernel-default-x86_64"]).toBeUndefined();
  });

  it("never replace an SSM family: where a name is both, AWS's parameter wins", async () => {
    const clients = {
      ssm: new SSMClient({ region: "us-west-1", endpoint: stack.aws.url }),
      ec2: new EC2Client({ region: "us-west-1", endpoint: stack.aws.url }),
    };
    const impostor = {
      Name: "al2023-ami-kernel-default-x86_64",
      Owners: ["792107900819"],
      NamePattern: "Rocky-9-EC2-Base-9.*-*.x86_64",
      Architecture: "x86_64" as const,
    };
    await refreshRegion("us-west-1", clients, {
      s3,
      store: { bucket: LOCAL_BUCKET, prefix: "v1" },
      patternFamilies: [impostor],
    });
    const document = await documentOf("us-west-1");
    expect(document.LatestImage.ImageId).toBe(document.Images["al2023-ami-kernel-default-x86_64"]?.ImageId);
    expect(document.LatestImage.Source.SsmParameter).toBe(
      "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
    );
    expect(document.LatestImage.ImageId).not.toMatch(/^ami-0f0000/);
  });
});

describe("timeouts", () => {
  it("fails a hung AWS call after the request timeout instead of waiting for the function's end", async () => {
    await regionHandler({ region: "ap-southeast-3" });
    const before = await stored("v1/ap-southeast-3.json");
    const remove = stack.aws.addFault({
      service: "ec2",
      action: "DescribeImages",
      region: "ap-southeast-3",
      kind: { type: "hang" },
    });
    const started = Date.now();
    try {
      await expect(regionHandler({ region: "ap-southeast-3" })).rejects.toThrow(
        "ap-southeast-3: DescribeImages failed",
      );
    } finally {
      remove();
    }
    // Three attempts of 10 s each, with back-off: well inside the 60 s deadline.
    expect(Date.now() - started).toBeGreaterThanOrEqual(30_000);
    expect(Date.now() - started).toBeLessThan(45_000);
    expect(await stored("v1/ap-southeast-3.json")).toBe(before);
  }, 60_000);
});
