import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DescribeImagesCommand } from "@aws-sdk/client-ec2";
import { GetParametersByPathCommand } from "@aws-sdk/client-ssm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalAws, startLocalAws } from "../../local/aws/server.ts";
import { ec2Client, rejectionOf, ssmClient } from "./clients.ts";

describe("startLocalAws", () => {
  it("rejects a port already in use with one clear line", async () => {
    const first = await startLocalAws();
    try {
      const error = await rejectionOf(startLocalAws({ port: first.port }));

      expect(error.message).toBe(`port ${first.port} on 127.0.0.1 is already in use`);
    } finally {
      await first.close();
    }
  });

  it("counts requests by service and action", async () => {
    const aws = await startLocalAws();
    try {
      const ssm = ssmClient(aws.url, "us-east-1");
      await ssm.send(new GetParametersByPathCommand({ Path: "/aws/service/ami-amazon-linux-latest" }));
      await ssm.send(new GetParametersByPathCommand({ Path: "/aws/service/ecs/optimized-ami" }));
      await ec2Client(aws.url, "us-east-1").send(
        new DescribeImagesCommand({ ImageIds: ["ami-0006118602dfc1c09"] }),
      );

      expect(aws.calls()).toEqual({ "ssm:GetParametersByPath": 2, "ec2:DescribeImages": 1 });
    } finally {
      await aws.close();
    }
  });
});

describe("requests without a usable signature", () => {
  let aws: LocalAws;

  beforeAll(async () => {
    aws = await startLocalAws();
  });

  afterAll(async () => {
    await aws.close();
  });

  it("answers an unsigned EC2 form with AuthFailure in EC2's XML", async () => {
    const response = await fetch(aws.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Action=DescribeRegions&Version=2016-11-15",
    });

    expect(response.status).toBe(401);
    expect(response.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.text()).toContain("<Code>AuthFailure</Code>");
  });

  it("answers an unsigned SSM call with MissingAuthenticationTokenException in JSON", async () => {
    const response = await fetch(aws.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AmazonSSM.GetParametersByPath",
      },
      body: '{"Path":"/aws"}',
    });

    expect(response.status).toBe(400);
    expect(response.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
    expect(await response.json()).toEqual({
      __type: "MissingAuthenticationTokenException",
      message: "Missing Authentication Token",
    });
  });

  it("answers an unsigned Lambda invocation with 403", async () => {
    const response = await fetch(`${aws.url}/2015-03-31/functions/refresh/invocations`, {
      method: "POST",
      body: "{}",
    });

    expect(response.status).toBe(403);
    expect(response.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
  });

  it("answers a garbled Authorization header with IncompleteSignatureException", async () => {
    const response = await fetch(aws.url, {
      method: "POST",
      headers: {
        authorization: "AWS4-HMAC-SHA256 nonsense",
        "x-amz-target": "AmazonSSM.GetParametersByPath",
      },
      body: "{}",
    });

    expect(response.status).toBe(400);
    expect(response.headers.get("x-amzn-errortype")).toBe("IncompleteSignatureException");
  });
});

describe("the catalogue", () => {
  let directory: string;
  const lines: string[] = [];
  let aws: LocalAws;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "local-aws-catalogue-"));
    const region = {
      Region: "xx-test-1",
      OptInStatus: "opt-in-not-required",
      SsmParameters: [
        {
          Name: "/aws/service/test/one",
          Type: "String",
          Value: "ami-00000001",
          ARN: "arn:one",
          DataType: "text",
        },
      ],
      Images: [],
    };
    await writeFile(join(directory, "xx-test-1.json"), JSON.stringify(region));
    await writeFile(join(directory, "xx-broken-1.json"), "{ not json");
    aws = await startLocalAws({ catalogueDir: directory, log: (line) => lines.push(line) });
  });

  afterAll(async () => {
    await aws.close();
    await rm(directory, { recursive: true, force: true });
  });

  it("reads a region's file only when a request needs it", async () => {
    const answer = await ssmClient(aws.url, "xx-test-1").send(
      new GetParametersByPathCommand({ Path: "/aws/service/test" }),
    );

    expect(answer.Parameters?.map((parameter) => parameter.Value)).toEqual(["ami-00000001"]);
  });

  it("fails only the requests for a region whose file is broken, naming the file in the log", async () => {
    const error = await rejectionOf(
      ssmClient(aws.url, "xx-broken-1").send(new GetParametersByPathCommand({ Path: "/aws" })),
    );

    expect(error.name).toBe("InternalFailure");
    expect(lines.some((line) => line.includes("xx-broken-1"))).toBe(true);
  });
});
