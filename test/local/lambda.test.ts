import { InvokeCommand } from "@aws-sdk/client-lambda";
import { afterEach, describe, expect, it } from "vitest";
import { type LambdaHandler, type LocalAws, startLocalAws } from "../../local/aws/server.ts";
import { lambdaClient, rejectionOf } from "./clients.ts";

const REGION = "eu-west-1";
/** Short, so three attempts take milliseconds; the gap between them is still real. */
const RETRY_DELAY_MS = 20;

let aws: LocalAws | undefined;

afterEach(async () => {
  await aws?.close();
  aws = undefined;
});

async function serve(functions: Record<string, LambdaHandler>, log: (line: string) => void = () => {}) {
  const started = await startLocalAws({ functions, asyncRetryDelayMs: RETRY_DELAY_MS, log });
  aws = started;
  return { aws: started, lambda: lambdaClient(started.url, REGION) };
}

function text(payload: Uint8Array | undefined): string {
  return new TextDecoder().decode(payload);
}

describe("Lambda Invoke, RequestResponse", () => {
  it("runs the function with the parsed payload and returns its result", async () => {
    const { lambda } = await serve({ echo: async (event) => ({ received: event }) });

    const answer = await lambda.send(
      new InvokeCommand({ FunctionName: "echo", Payload: '{"region":"eu-west-1"}' }),
    );

    expect(answer.StatusCode).toBe(200);
    expect(answer.ExecutedVersion).toBe("$LATEST");
    expect(answer.FunctionError).toBeUndefined();
    expect(JSON.parse(text(answer.Payload))).toEqual({ received: { region: "eu-west-1" } });
  });

  it("resolves a full ARN and a partial ARN to the function's name", async () => {
    const { lambda } = await serve({ refresh: async () => "done" });

    const full = await lambda.send(
      new InvokeCommand({ FunctionName: "arn:aws:lambda:eu-west-1:123456789012:function:refresh" }),
    );
    const partial = await lambda.send(new InvokeCommand({ FunctionName: "123456789012:function:refresh" }));

    expect(text(full.Payload)).toBe('"done"');
    expect(text(partial.Payload)).toBe('"done"');
  });

  it("reports a thrown error as FunctionError Unhandled with errorType and errorMessage", async () => {
    const { lambda } = await serve({
      broken: async () => {
        throw new RangeError("no regions left");
      },
    });

    const answer = await lambda.send(new InvokeCommand({ FunctionName: "broken", Payload: "{}" }));

    expect(answer.StatusCode).toBe(200);
    expect(answer.FunctionError).toBe("Unhandled");
    expect(JSON.parse(text(answer.Payload))).toMatchObject({
      errorType: "RangeError",
      errorMessage: "no regions left",
    });
  });

  it("answers an unknown function with ResourceNotFoundException", async () => {
    const { lambda } = await serve({ refresh: async () => null });

    const error = await rejectionOf(lambda.send(new InvokeCommand({ FunctionName: "no-such-function" })));

    expect(error.name).toBe("ResourceNotFoundException");
    expect(error.message).toBe(
      "Function not found: arn:aws:lambda:eu-west-1:123456789012:function:no-such-function",
    );
  });

  it("answers DryRun with 204 without running the function", async () => {
    let runs = 0;
    const { lambda } = await serve({
      refresh: async () => {
        runs++;
      },
    });

    const answer = await lambda.send(
      new InvokeCommand({ FunctionName: "refresh", InvocationType: "DryRun" }),
    );

    expect(answer.StatusCode).toBe(204);
    expect(runs).toBe(0);
  });
});

describe("Lambda Invoke, Event", () => {
  it("answers 202 before the function runs, and idle() waits for it", async () => {
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const seen: unknown[] = [];
    const { aws, lambda } = await serve({
      refresh: async (event) => {
        await gate;
        seen.push(event);
      },
    });

    const answer = await lambda.send(
      new InvokeCommand({
        FunctionName: "refresh",
        InvocationType: "Event",
        Payload: '{"source":"schedule"}',
      }),
    );
    const beforeOpening = [...seen];
    open();
    await aws.idle();

    expect(answer.StatusCode).toBe(202);
    // The body is empty; the SDK hands that over as a null Payload.
    expect(answer.Payload?.byteLength ?? 0).toBe(0);
    expect(beforeOpening).toEqual([]);
    expect(seen).toEqual([{ source: "schedule" }]);
  });

  it("retries a failing function twice more, logging each failure", async () => {
    let attempts = 0;
    const lines: string[] = [];
    const { aws, lambda } = await serve(
      {
        refresh: async () => {
          attempts++;
          throw new Error("S3 unavailable");
        },
      },
      (line) => lines.push(line),
    );

    await lambda.send(new InvokeCommand({ FunctionName: "refresh", InvocationType: "Event" }));
    await aws.idle();

    expect(attempts).toBe(3);
    expect(lines.filter((line) => line.includes("S3 unavailable"))).toHaveLength(3);
  });

  it("stops retrying once an attempt succeeds", async () => {
    let attempts = 0;
    const { aws, lambda } = await serve({
      refresh: async () => {
        attempts++;
        if (attempts === 1) {
          throw new Error("first attempt fails");
        }
      },
    });

    await lambda.send(new InvokeCommand({ FunctionName: "refresh", InvocationType: "Event" }));
    await aws.idle();

    expect(attempts).toBe(2);
  });
});
