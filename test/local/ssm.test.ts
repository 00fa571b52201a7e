import {
  GetParameterCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  type Parameter,
  SSMClient,
} from "@aws-sdk/client-ssm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type LocalAws, startLocalAws } from "../../local/aws/server.ts";
import { snapshotRegion } from "../support/snapshot.ts";
import { CREDENTIALS, rejectionOf, ssmClient } from "./clients.ts";

const AL_PATH = "/aws/service/ami-amazon-linux-latest";
const ECS_PATH = "/aws/service/ecs/optimized-ami";

let aws: LocalAws;

beforeAll(async () => {
  aws = await startLocalAws();
});

afterAll(async () => {
  await aws.close();
});

/** Follows NextToken to the end, as a refresher does, counting the pages. */
async function walk(client: SSMClient, path: string, recursive: boolean) {
  const parameters: Parameter[] = [];
  let pages = 0;
  let token: string | undefined;
  do {
    const page = await client.send(
      new GetParametersByPathCommand({ Path: path, Recursive: recursive, NextToken: token }),
    );
    parameters.push(...(page.Parameters ?? []));
    pages++;
    token = page.NextToken;
  } while (token !== undefined);
  return { parameters, pages };
}

function under(names: readonly string[], path: string, recursive: boolean): string[] {
  const prefix = `${path}/`;
  return names.filter(
    (name) => name.startsWith(prefix) && (recursive || !name.slice(prefix.length).includes("/")),
  );
}

describe("GetParametersByPath", () => {
  it("walks the 45 Amazon Linux parameters of us-east-1 in five pages", async () => {
    const { parameters, pages } = await walk(ssmClient(aws.url, "us-east-1"), AL_PATH, false);

    expect(parameters).toHaveLength(45);
    expect(parameters).toHaveLength(
      under(
        snapshotRegion("us-east-1").SsmParameters.map((p) => p.Name),
        AL_PATH,
        false,
      ).length,
    );
    expect(pages).toBe(5);
    expect(new Set(parameters.map((parameter) => parameter.Name)).size).toBe(45);
  });

  it("walks the whole ECS tree of eu-west-1 recursively, page after page", async () => {
    const { parameters, pages } = await walk(ssmClient(aws.url, "eu-west-1"), ECS_PATH, true);
    const expected = under(
      snapshotRegion("eu-west-1").SsmParameters.map((p) => p.Name),
      ECS_PATH,
      true,
    );

    expect(parameters.map((parameter) => parameter.Name)).toEqual([...expected].sort());
    expect(pages).toBe(Math.ceil(expected.length / 10));
  });

  it("returns a parameter with its recorded value, version and modification date", async () => {
    const { parameters } = await walk(ssmClient(aws.url, "us-east-1"), AL_PATH, false);

    expect(
      parameters.find((parameter) => parameter.Name === `${AL_PATH}/al2023-ami-kernel-default-x86_64`),
    ).toEqual({
      Name: `${AL_PATH}/al2023-ami-kernel-default-x86_64`,
      Type: "String",
      Value: "ami-0006118602dfc1c09",
      Version: 182,
      LastModifiedDate: new Date("2026-07-27T19:36:18.767Z"),
      ARN: `arn:aws:ssm:us-east-1::parameter${AL_PATH}/al2023-ami-kernel-default-x86_64`,
      DataType: "text",
    });
  });

  it("omits Version and LastModifiedDate for parameters recorded without them", async () => {
    const client = ssmClient(aws.url, "us-east-1");
    const page = await client.send(
      new GetParametersByPathCommand({ Path: `${ECS_PATH}/amazon-linux-2023`, Recursive: false }),
    );

    expect(page.Parameters).toHaveLength(1);
    expect(page.Parameters?.[0]?.Name).toBe(`${ECS_PATH}/amazon-linux-2023/recommended`);
    expect(page.Parameters?.[0]).not.toHaveProperty("Version");
    expect(page.Parameters?.[0]).not.toHaveProperty("LastModifiedDate");
  });

  it("lists only direct children without Recursive, and everything below with it", async () => {
    const client = ssmClient(aws.url, "us-east-1");
    const names = snapshotRegion("us-east-1").SsmParameters.map((p) => p.Name);
    const path = `${ECS_PATH}/amazon-linux-2023`;

    const direct = await walk(client, path, false);
    const all = await walk(client, path, true);

    expect(direct.parameters).toHaveLength(1);
    expect(all.parameters).toHaveLength(36);
    expect(all.parameters).toHaveLength(under(names, path, true).length);
  });

  it("takes the region from the signing scope: the same request answers each region's value", async () => {
    const path = `${AL_PATH}/al2023-ami-kernel-default-arm64`;
    const [east, west] = await Promise.all(
      ["us-east-1", "eu-west-1"].map((region) =>
        ssmClient(aws.url, region).send(new GetParameterCommand({ Name: path })),
      ),
    );

    expect(east?.Parameter?.Value).toBe("ami-04fc404d256fd34a2");
    expect(west?.Parameter?.Value).toBe("ami-0ab117b5527d5fe24");
  });

  it("refuses MaxResults 11 with a ValidationException", async () => {
    const error = await rejectionOf(
      ssmClient(aws.url, "us-east-1").send(new GetParametersByPathCommand({ Path: AL_PATH, MaxResults: 11 })),
    );

    expect(error.name).toBe("ValidationException");
    expect(error.message).toBe(
      "1 validation error detected: Value '11' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10",
    );
  });

  it("refuses a NextToken it did not issue with InvalidNextToken", async () => {
    const error = await rejectionOf(
      ssmClient(aws.url, "us-east-1").send(
        new GetParametersByPathCommand({ Path: AL_PATH, NextToken: "bogus" }),
      ),
    );

    expect(error.name).toBe("InvalidNextToken");
  });
});

describe("GetParameters", () => {
  it("answers known names and lists unknown ones as InvalidParameters", async () => {
    const known = `${AL_PATH}/al2023-ami-kernel-default-x86_64`;
    const unknown = `${AL_PATH}/no-such-family`;

    const answer = await ssmClient(aws.url, "eu-west-1").send(
      new GetParametersCommand({ Names: [known, unknown] }),
    );

    expect(answer.Parameters?.map((parameter) => [parameter.Name, parameter.Value])).toEqual([
      [known, "ami-02c25106ee38f6087"],
    ]);
    expect(answer.InvalidParameters).toEqual([unknown]);
  });

  it("refuses more than ten names", async () => {
    const names = Array.from({ length: 11 }, (_, index) => `/p/${index}`);

    const error = await rejectionOf(
      ssmClient(aws.url, "eu-west-1").send(new GetParametersCommand({ Names: names })),
    );

    expect(error.name).toBe("ValidationException");
  });
});

describe("SSM protocol", () => {
  it("answers an unknown target with UnknownOperationException", async () => {
    const client = ssmClient(aws.url, "us-east-1");
    client.middlewareStack.add(
      (next) => async (args) => {
        const { request } = args;
        if (typeof request === "object" && request !== null && "headers" in request) {
          Reflect.set(Object(request.headers), "x-amz-target", "AmazonSSM.DescribeUnicorns");
        }
        return next(args);
      },
      { step: "build" },
    );

    const error = await rejectionOf(client.send(new GetParametersCommand({ Names: ["/x"] })));

    expect(error.name).toBe("UnknownOperationException");
  });

  it("answers a region outside the catalogue with UnrecognizedClientException", async () => {
    const error = await rejectionOf(
      ssmClient(aws.url, "mx-central-1").send(new GetParametersByPathCommand({ Path: AL_PATH })),
    );

    expect(error.name).toBe("UnrecognizedClientException");
  });

  it("is found by the SDK through AWS_ENDPOINT_URL_SSM", async () => {
    vi.stubEnv("AWS_ENDPOINT_URL_SSM", aws.url);
    try {
      const client = new SSMClient({ region: "eu-west-1", credentials: CREDENTIALS, maxAttempts: 1 });
      const answer = await client.send(
        new GetParameterCommand({ Name: `${AL_PATH}/al2023-ami-kernel-default-arm64` }),
      );

      expect(answer.Parameter?.Value).toBe("ami-0ab117b5527d5fe24");
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
