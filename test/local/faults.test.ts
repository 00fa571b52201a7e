import { DescribeImagesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import {
  GetParameterCommand,
  GetParametersByPathCommand,
  type Parameter,
  SSMClient,
  type SSMClientResolvedConfig,
} from "@aws-sdk/client-ssm";
import { afterEach, describe, expect, it } from "vitest";
import { type AwsFault, type LocalAws, type LocalAwsOptions, startLocalAws } from "../../local/aws/server.ts";
import { CREDENTIALS, ec2Client, lambdaClient, rejectionOf, scopeHeader, ssmClient } from "./clients.ts";

const REGION = "us-east-1";
const AL_PATH = "/aws/service/ami-amazon-linux-latest";
/** us-east-1's AL2023 x86_64 image, the value of two SSM parameters there. */
const AL2023_X86 = "ami-0006118602dfc1c09";
/** us-east-1's AL2023 arm64 image. */
const AL2023_ARM = "ami-04fc404d256fd34a2";
/** The refresher's attempts per call (refresher/clients.ts). */
const MAX_ATTEMPTS = 3;
/** How many of 100 requests a rate-0.5 fault hits with seed 42: fixed by the seeded generator. */
const FAILURES_WITH_SEED_42 = 44;
let aws: LocalAws | undefined;

afterEach(async () => {
  await aws?.close();
  aws = undefined;
});

async function serve(options: LocalAwsOptions = {}): Promise<LocalAws> {
  const started = await startLocalAws({ ...options, functions: { echo: async (event) => event } });
  aws = started;
  return started;
}

type RetryStrategy = Awaited<ReturnType<SSMClientResolvedConfig["retryStrategy"]>>;
type TokenStrategy = Extract<RetryStrategy, { refreshRetryTokenForRetry: unknown }>;

/**
 * The SDK's own standard retry strategy, recording how the SDK classified each failed attempt
 * ("THROTTLING", "TRANSIENT", "SERVER_ERROR", "CLIENT_ERROR") before it decides on a retry.
 */
async function recordingStandardRetries(
  maxAttempts: number,
): Promise<{ strategy: TokenStrategy; seen: string[] }> {
  const standard = await new SSMClient({
    region: REGION,
    maxAttempts,
    retryMode: "standard",
  }).config.retryStrategy();
  if (!("refreshRetryTokenForRetry" in standard)) {
    throw new Error("the SDK's standard strategy changed shape");
  }
  const seen: string[] = [];
  const strategy: TokenStrategy = {
    acquireInitialRetryToken: (scope) => standard.acquireInitialRetryToken(scope),
    refreshRetryTokenForRetry: (token, info) => {
      seen.push(info.errorType);
      return standard.refreshRetryTokenForRetry(token, info);
    },
    recordSuccess: (token) => standard.recordSuccess(token),
  };
  return { strategy, seen };
}

/** Clients of all three services with the SDK's standard retries, the way the refresher builds them. */
async function retryingClients(url: string, region = REGION, maxAttempts = MAX_ATTEMPTS) {
  const { strategy, seen } = await recordingStandardRetries(maxAttempts);
  const config = { endpoint: url, region, credentials: CREDENTIALS, maxAttempts, retryStrategy: strategy };
  return { ec2: new EC2Client(config), ssm: new SSMClient(config), lambda: new LambdaClient(config), seen };
}

/** Every page of a GetParametersByPath walk, ten to a page, with the attempts each took. */
async function walk(ssm: SSMClient, path: string) {
  const parameters: Parameter[] = [];
  const attempts: (number | undefined)[] = [];
  let token: string | undefined;
  do {
    const page = await ssm.send(
      new GetParametersByPathCommand({ Path: path, MaxResults: 10, NextToken: token }),
    );
    parameters.push(...(page.Parameters ?? []));
    attempts.push(page.$metadata.attempts);
    token = page.NextToken;
  } while (token !== undefined);
  return { parameters, attempts };
}

function byImageId(ec2: EC2Client, ...ids: string[]) {
  return ec2.send(new DescribeImagesCommand({ Filters: [{ Name: "image-id", Values: ids }] }));
}

describe("error faults: AWS's status, and the SDK's classification of it", () => {
  const cases: [NonNullable<AwsFault["service"]>, string, number, string][] = [
    ["ec2", "RequestLimitExceeded", 503, "THROTTLING"],
    ["ec2", "InternalError", 500, "TRANSIENT"],
    ["ec2", "Unavailable", 503, "TRANSIENT"],
    ["ec2", "AuthFailure", 401, "CLIENT_ERROR"],
    ["ec2", "UnauthorizedOperation", 403, "CLIENT_ERROR"],
    ["ec2", "OptInRequired", 401, "CLIENT_ERROR"],
    ["ssm", "ThrottlingException", 400, "THROTTLING"],
    ["ssm", "InternalServerError", 500, "TRANSIENT"],
    ["ssm", "ServiceUnavailable", 503, "TRANSIENT"],
    ["ssm", "AccessDeniedException", 400, "CLIENT_ERROR"],
    ["ssm", "UnrecognizedClientException", 400, "CLIENT_ERROR"],
    ["ssm", "ValidationException", 400, "CLIENT_ERROR"],
    ["lambda", "TooManyRequestsException", 429, "THROTTLING"],
    ["lambda", "ServiceException", 500, "TRANSIENT"],
    ["lambda", "AccessDeniedException", 403, "CLIENT_ERROR"],
  ];

  it.each(cases)("%s %s: status %i, classified %s", async (service, code, status, classified) => {
    const local = await serve();
    local.addFault({ service, kind: { type: "error", code } });
    const clients = await retryingClients(local.url, REGION, 1);
    const calls = {
      ec2: () => clients.ec2.send(new DescribeImagesCommand({ ImageIds: [AL2023_X86] })),
      ssm: () =>
        clients.ssm.send(new GetParameterCommand({ Name: `${AL_PATH}/al2023-ami-kernel-default-x86_64` })),
      lambda: () => clients.lambda.send(new InvokeCommand({ FunctionName: "echo" })),
    };

    const error = await rejectionOf(calls[service]());

    expect(error.name).toBe(code);
    expect(error).toHaveProperty("$metadata.httpStatusCode", status);
    expect(clients.seen).toEqual([classified]);
  });

  it("answers EC2 OptInRequired with EC2's words", async () => {
    const local = await serve();
    local.addFault({ service: "ec2", kind: { type: "error", code: "OptInRequired" } });

    const error = await rejectionOf(byImageId(ec2Client(local.url, REGION), AL2023_X86));

    expect(error.message).toBe(
      "You are not subscribed to this service. Please go to http://aws.amazon.com to subscribe.",
    );
  });

  it("uses the status and message a fault gives", async () => {
    const local = await serve();
    local.addFault({ kind: { type: "error", code: "SlowDown", status: 503, message: "Please slow down" } });

    const error = await rejectionOf(byImageId(ec2Client(local.url, REGION), AL2023_X86));

    expect(error.name).toBe("SlowDown");
    expect(error.message).toBe("Please slow down");
    expect(error).toHaveProperty("$metadata.httpStatusCode", 503);
  });
});

describe("which requests a fault hits", () => {
  it("fails page 3 of a walk with AccessDeniedException, which the SDK does not retry", async () => {
    const local = await serve();
    local.addFault({
      service: "ssm",
      action: "GetParametersByPath",
      after: 2,
      times: 1,
      kind: { type: "error", code: "AccessDeniedException" },
    });
    const { ssm, seen } = await retryingClients(local.url);

    const error = await rejectionOf(walk(ssm, AL_PATH));

    expect(error.name).toBe("AccessDeniedException");
    expect(error).toHaveProperty("$metadata.attempts", 1);
    expect(seen).toEqual(["CLIENT_ERROR"]);
    expect(local.calls()).toEqual({ "ssm:GetParametersByPath": 3 });
    expect(local.faultsInjected()).toEqual({ "ssm:GetParametersByPath:error": 1 });
  });

  it("throttles page 3 of a walk once; the SDK retries it and the walk completes", async () => {
    const local = await serve();
    local.addFault({
      service: "ssm",
      action: "GetParametersByPath",
      after: 2,
      times: 1,
      kind: { type: "error", code: "ThrottlingException" },
    });
    const { ssm, seen } = await retryingClients(local.url);

    const { parameters, attempts } = await walk(ssm, AL_PATH);

    expect(parameters).toHaveLength(45);
    expect(attempts).toEqual([1, 1, 2, 1, 1]);
    expect(seen).toEqual(["THROTTLING"]);
    expect(local.calls()).toEqual({ "ssm:GetParametersByPath": 6 });
    expect(local.faultsInjected()).toEqual({ "ssm:GetParametersByPath:error": 1 });
  });

  it("throttles DescribeImages twice; standard retries succeed on the third attempt", async () => {
    const local = await serve();
    local.addFault({ service: "ec2", times: 2, kind: { type: "error", code: "RequestLimitExceeded" } });
    const { ec2, seen } = await retryingClients(local.url);

    const answer = await byImageId(ec2, AL2023_X86);

    expect(answer.Images?.map((image) => image.ImageId)).toEqual([AL2023_X86]);
    expect(answer.$metadata.attempts).toBe(3);
    expect(seen).toEqual(["THROTTLING", "THROTTLING"]);
    expect(local.calls()).toEqual({ "ec2:DescribeImages": 3 });
    expect(local.faultsInjected()).toEqual({ "ec2:DescribeImages:error": 2 });
  });

  it("retries a 500 as transient", async () => {
    const local = await serve();
    local.addFault({ service: "ssm", times: 1, kind: { type: "error", code: "InternalServerError" } });
    const { ssm, seen } = await retryingClients(local.url);

    const answer = await ssm.send(
      new GetParameterCommand({ Name: `${AL_PATH}/al2023-ami-kernel-6.1-x86_64` }),
    );

    expect(answer.Parameter?.Value).toBe(AL2023_X86);
    expect(answer.$metadata.attempts).toBe(2);
    expect(seen).toEqual(["TRANSIENT"]);
  });

  it("fails one region with AuthFailure and leaves another alone", async () => {
    const local = await serve();
    local.addFault({ service: "ec2", region: "eu-west-1", kind: { type: "error", code: "AuthFailure" } });

    const failed = await rejectionOf(byImageId(ec2Client(local.url, "eu-west-1"), AL2023_X86));
    const served = await byImageId(ec2Client(local.url, REGION), AL2023_X86);

    expect(failed.name).toBe("AuthFailure");
    expect(failed).toHaveProperty("$metadata.httpStatusCode", 401);
    expect(served.Images?.map((image) => image.ImageId)).toEqual([AL2023_X86]);
    expect(local.faultsInjected()).toEqual({ "ec2:DescribeImages:error": 1 });
  });

  it("hits the same requests at rate 0.5 for the same seed", async () => {
    const fault: AwsFault = {
      service: "ssm",
      rate: 0.5,
      kind: { type: "error", code: "InternalServerError" },
    };
    async function pattern(seed: number): Promise<string> {
      const local = await startLocalAws({ seed });
      try {
        local.addFault(fault);
        const ssm = ssmClient(local.url, REGION);
        let outcomes = "";
        for (let request = 0; request < 100; request++) {
          const sent = ssm.send(new GetParameterCommand({ Name: `${AL_PATH}/al2023-ami-kernel-6.1-x86_64` }));
          outcomes += await sent.then(
            () => ".",
            () => "x",
          );
        }
        expect(local.faultsInjected()).toEqual({ "ssm:GetParameter:error": outcomes.split("x").length - 1 });
        return outcomes;
      } finally {
        await local.close();
      }
    }

    const first = await pattern(42);
    const again = await pattern(42);
    const other = await pattern(43);

    expect(first.split("x").length - 1).toBe(FAILURES_WITH_SEED_42);
    expect(again).toBe(first);
    expect(other).not.toBe(first);
  });

  it("stops when its remover runs", async () => {
    const local = await serve();
    const remove = local.addFault({ service: "ec2", kind: { type: "error", code: "Unavailable" } });
    const ec2 = ec2Client(local.url, REGION);
    await rejectionOf(byImageId(ec2, AL2023_X86));

    remove();
    const answer = await byImageId(ec2, AL2023_X86);

    expect(answer.Images).toHaveLength(1);
    expect(local.faultsInjected()).toEqual({ "ec2:DescribeImages:error": 1 });
  });
});

describe("latency and hangs", () => {
  it("answers normally after the latency", async () => {
    const local = await serve();
    local.addFault({ service: "ssm", kind: { type: "latency", ms: 150 } });
    const started = performance.now();

    const answer = await ssmClient(local.url, REGION).send(
      new GetParameterCommand({ Name: `${AL_PATH}/al2023-ami-kernel-6.1-x86_64` }),
    );

    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    expect(answer.Parameter?.Value).toBe(AL2023_X86);
    expect(local.faultsInjected()).toEqual({ "ssm:GetParameter:latency": 1 });
  });

  it("hangs until the SDK's request timeout, with throwOnRequestTimeout, gives up", async () => {
    const local = await serve();
    local.addFault({ service: "ec2", kind: { type: "hang" } });
    const { strategy, seen } = await recordingStandardRetries(1);
    const ec2 = new EC2Client({
      endpoint: local.url,
      region: REGION,
      credentials: CREDENTIALS,
      retryStrategy: strategy,
      requestHandler: { requestTimeout: 300, throwOnRequestTimeout: true },
    });
    const started = performance.now();

    const error = await rejectionOf(byImageId(ec2, AL2023_X86));

    expect(error.name).toBe("TimeoutError");
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    expect(seen).toEqual(["TRANSIENT"]);
  });

  it("keeps waiting past a requestTimeout without throwOnRequestTimeout, only warning", async () => {
    const local = await serve();
    local.addFault({ service: "ec2", kind: { type: "hang" } });
    const warnings: string[] = [];
    const ignore = () => {};
    const logger = {
      debug: ignore,
      info: ignore,
      warn: (line: string) => warnings.push(line),
      error: ignore,
    };
    const ec2 = new EC2Client({
      endpoint: local.url,
      region: REGION,
      credentials: CREDENTIALS,
      maxAttempts: 1,
      requestHandler: { requestTimeout: 300, logger },
    });
    let settled = false;
    const hung = rejectionOf(byImageId(ec2, AL2023_X86)).finally(() => {
      settled = true;
    });

    await until(() => warnings.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const settledBeforeClose = settled;
    await local.close();
    await hung;

    expect(settledBeforeClose).toBe(false);
    expect(warnings[0]).toContain("a request has exceeded the configured 300 ms requestTimeout");
  });

  it("ends a hang on the socket's idle timeout", async () => {
    const local = await serve();
    local.addFault({ service: "ssm", kind: { type: "hang" } });
    const ssm = new SSMClient({
      endpoint: local.url,
      region: REGION,
      credentials: CREDENTIALS,
      maxAttempts: 1,
      requestHandler: { socketTimeout: 300 },
    });

    const error = await rejectionOf(ssm.send(new GetParametersByPathCommand({ Path: AL_PATH })));

    expect(error.name).toBe("TimeoutError");
    expect(error.message).toContain("timed out after 300 ms of inactivity");
  });

  it("ends a hang when the endpoint closes, promptly", async () => {
    const local = await serve();
    local.addFault({ kind: { type: "hang" } });
    const hung = rejectionOf(byImageId(ec2Client(local.url, REGION), AL2023_X86));
    await until(() => local.faultsInjected()["ec2:DescribeImages:hang"] === 1);
    const started = performance.now();

    await local.close();
    const error = await hung;

    expect(performance.now() - started).toBeLessThan(500);
    expect(error.message).toMatch(/socket hang up|ECONNRESET/);
  });
});

describe("broken bodies", () => {
  it.each(["truncated", "malformed"] as const)(
    "a %s SSM answer fails in the SDK's JSON parser",
    async (type) => {
      const local = await serve();
      local.addFault({ service: "ssm", kind: { type } });

      const error = await rejectionOf(
        ssmClient(local.url, REGION).send(new GetParametersByPathCommand({ Path: AL_PATH })),
      );

      expect(error.name).toBe("SyntaxError");
      expect(error.message).toContain("Deserialization error");
      expect(error).toHaveProperty("$response.statusCode", 200);
    },
  );

  it.each(["truncated", "malformed"] as const)(
    "a %s EC2 answer fails in the SDK's XML parser",
    async (type) => {
      const local = await serve();
      local.addFault({ service: "ec2", kind: { type } });

      const error = await rejectionOf(byImageId(ec2Client(local.url, REGION), AL2023_X86));

      expect(error.message).toContain("XML parse error");
      expect(error).toHaveProperty("$response.statusCode", 200);
    },
  );
});

describe("drop-image", () => {
  it("leaves the image out of a DescribeImages by image-id filter", async () => {
    const local = await serve();
    local.addFault({ kind: { type: "drop-image", imageId: AL2023_X86 } });

    const answer = await byImageId(ec2Client(local.url, REGION), AL2023_X86, AL2023_ARM);

    expect(answer.Images?.map((image) => image.ImageId)).toEqual([AL2023_ARM]);
    expect(local.faultsInjected()).toEqual({ "ec2:DescribeImages:drop-image": 1 });
  });

  it("answers ImageIds naming the image with InvalidAMIID.NotFound, as EC2 does for an image it lacks", async () => {
    const local = await serve();
    local.addFault({ kind: { type: "drop-image", imageId: AL2023_X86 } });

    const error = await rejectionOf(
      ec2Client(local.url, REGION).send(new DescribeImagesCommand({ ImageIds: [AL2023_X86] })),
    );

    expect(error.name).toBe("InvalidAMIID.NotFound");
  });

  it("drops every image its faults name, after their latencies add up", async () => {
    const local = await serve();
    local.addFault({ kind: { type: "drop-image", imageId: AL2023_X86 } });
    local.addFault({ kind: { type: "drop-image", imageId: AL2023_ARM } });
    local.addFault({ kind: { type: "latency", ms: 60 } });
    local.addFault({ kind: { type: "latency", ms: 60 } });
    const started = performance.now();

    const answer = await byImageId(ec2Client(local.url, REGION), AL2023_X86, AL2023_ARM);

    expect(performance.now() - started).toBeGreaterThanOrEqual(120);
    expect(answer.Images).toEqual([]);
    expect(local.faultsInjected()).toEqual({
      "ec2:DescribeImages:drop-image": 2,
      "ec2:DescribeImages:latency": 2,
    });
  });

  it("leaves SSM's value for the image alone", async () => {
    const local = await serve();
    local.addFault({ kind: { type: "drop-image", imageId: AL2023_X86 } });

    const answer = await ssmClient(local.url, REGION).send(
      new GetParameterCommand({ Name: `${AL_PATH}/al2023-ami-kernel-6.1-x86_64` }),
    );

    expect(answer.Parameter?.Value).toBe(AL2023_X86);
    expect(local.faultsInjected()).toEqual({});
  });
});

describe("faults over HTTP, under /_local/", () => {
  const faultsUrl = (local: LocalAws) => `${local.url}/_local/faults`;

  it("adds a fault, reports its hits, removes it by id, and clears", async () => {
    const local = await serve();
    const ec2 = ec2Client(local.url, REGION);

    const added = await fetch(faultsUrl(local), {
      method: "POST",
      body: JSON.stringify({ service: "ec2", kind: { type: "error", code: "RequestLimitExceeded" } }),
    });
    const id = idOf(await added.json());
    const failed = await rejectionOf(byImageId(ec2, AL2023_X86));
    const counts = await (await fetch(faultsUrl(local))).json();
    const removed = await fetch(`${faultsUrl(local)}/${id}`, { method: "DELETE" });
    const served = await byImageId(ec2, AL2023_X86);
    const cleared = await fetch(faultsUrl(local), { method: "DELETE" });

    expect(added.status).toBe(201);
    expect(id).toBe("1");
    expect(failed.name).toBe("RequestLimitExceeded");
    expect(counts).toEqual({ "ec2:DescribeImages:error": 1 });
    expect(removed.status).toBe(204);
    expect(served.Images).toHaveLength(1);
    expect(cleared.status).toBe(204);
    expect(local.faultsInjected()).toEqual({});
    expect(local.calls()).toEqual({ "ec2:DescribeImages": 2 });
  });

  it("refuses a fault it cannot use, naming the field", async () => {
    const local = await serve();

    const response = await fetch(faultsUrl(local), {
      method: "POST",
      body: JSON.stringify({ servce: "ec2", kind: { type: "hang" } }),
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        code: "bad_fault",
        message:
          "a fault has no field servce; its fields are service, action, region, rate, after, times, kind",
      },
    });
  });

  it("never routes a /_local/ path to a service, signed or not", async () => {
    const local = await serve();

    const response = await fetch(`${local.url}/_local/nothing`, {
      headers: { authorization: scopeHeader(REGION, "ec2") },
    });

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "unknown_control" } });
    expect(local.calls()).toEqual({});
  });

  it("throws on a fault it cannot use in process too", async () => {
    const local = await serve();

    expect(() => local.addFault({ rate: 2, kind: { type: "hang" } })).toThrow(
      "rate (0 to 1) has an unusable value: 2",
    );
  });
});

// Lambda Invoke is the one call whose body the SDK hands over unparsed (Payload): a broken body
// reaches the caller as bytes, so it is only checked here that the fault reaches it.
describe("Lambda", () => {
  it("hands a malformed Invoke body to the caller as Payload", async () => {
    const local = await serve();
    local.addFault({ service: "lambda", action: "Invoke", kind: { type: "malformed" } });

    const answer = await lambdaClient(local.url, REGION).send(new InvokeCommand({ FunctionName: "echo" }));

    expect(new TextDecoder().decode(answer.Payload)).toBe('{"Parameters":[}');
    expect(local.faultsInjected()).toEqual({ "lambda:Invoke:malformed": 1 });
  });
});

/** The id in the body of `POST /_local/faults`. */
function idOf(body: unknown): string {
  if (typeof body === "object" && body !== null && "id" in body && typeof body.id === "string") {
    return body.id;
  }
  throw new Error(`no id in ${JSON.stringify(body)}`);
}

/** Polls `condition` every few milliseconds, for at most two seconds. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("the condition never held");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
