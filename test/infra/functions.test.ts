import { Match } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeSynthOutputs, type Synthesized, synth } from "./synth.ts";

const golden = {
  Name: "golden-web",
  Owners: ["123456789012"],
  NamePattern: "golden-web-*",
  Architecture: "x86_64" as const,
};

let base: Synthesized;
let custom: Synthesized;

beforeAll(() => {
  base = synth();
  custom = synth({ prefix: "docs/v2", logLevel: "warn", patternFamilies: [golden] });
});

afterAll(removeSynthOutputs);

describe("schedule", () => {
  it("runs the fan-out function every 6 hours", () => {
    base.template.resourceCountIs("AWS::Events::Rule", 1);
    base.template.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(6 hours)",
      State: "ENABLED",
      Targets: [Match.objectLike({ Arn: base.resolve(base.stack.fanoutFunction.function.functionArn) })],
    });
  });

  it("lets only that rule invoke the fan-out function", () => {
    base.template.hasResourceProperties("AWS::Lambda::Permission", {
      Action: "lambda:InvokeFunction",
      FunctionName: base.resolve(base.stack.fanoutFunction.function.functionArn),
      Principal: "events.amazonaws.com",
      SourceArn: base.resolve(base.stack.schedule.ruleArn),
    });
    base.template.resourceCountIs("AWS::Lambda::Permission", 1);
  });
});

describe("functions", () => {
  it("run Node.js 22 or newer on arm64, both of them", () => {
    const functions = base.template.findResources("AWS::Lambda::Function");
    expect(Object.keys(functions)).toHaveLength(2);
    for (const { Properties } of Object.values(functions)) {
      expect(Properties.Runtime).toMatch(/^nodejs(2[2-9]|[3-9]\d)\.x$/);
      expect(Properties.Architectures).toEqual(["arm64"]);
    }
  });

  it("give the region function 120 s, above the refresh's own 60 s deadline, and its settings", () => {
    base.template.hasResourceProperties("AWS::Lambda::Function", {
      Handler: "index.handler",
      MemorySize: 256,
      Timeout: 120,
      Role: base.resolve(base.stack.regionFunction.role.roleArn),
      LoggingConfig: { LogGroup: base.resolve(base.stack.regionFunction.logGroup.logGroupName) },
      Environment: {
        Variables: Match.objectEquals({
          BUCKET: base.resolve(base.stack.bucket.bucketName),
          PREFIX: "v1",
          LOG_LEVEL: "info",
        }),
      },
    });
  });

  it("give the fan-out function 60 s and the region function's name", () => {
    base.template.hasResourceProperties("AWS::Lambda::Function", {
      Handler: "index.handler",
      MemorySize: 256,
      Timeout: 60,
      Role: base.resolve(base.stack.fanoutFunction.role.roleArn),
      LoggingConfig: { LogGroup: base.resolve(base.stack.fanoutFunction.logGroup.logGroupName) },
      Environment: {
        Variables: Match.objectEquals({
          BUCKET: base.resolve(base.stack.bucket.bucketName),
          PREFIX: "v1",
          LOG_LEVEL: "info",
          REGION_FUNCTION_NAME: base.resolve(base.stack.regionFunction.function.functionName),
        }),
      },
    });
  });

  it("keep each function's logs for one month in a log group of its own", () => {
    base.template.resourceCountIs("AWS::Logs::LogGroup", 2);
    base.template.allResourcesProperties("AWS::Logs::LogGroup", { RetentionInDays: 30 });
  });

  it("set LOG_LEVEL and PREFIX from the props", () => {
    custom.template.allResourcesProperties("AWS::Lambda::Function", {
      Environment: { Variables: Match.objectLike({ PREFIX: "docs/v2", LOG_LEVEL: "warn" }) },
    });
  });

  it("give the region function, and only it, the added pattern families as PATTERN_FAMILIES", () => {
    custom.template.hasResourceProperties("AWS::Lambda::Function", {
      Role: custom.resolve(custom.stack.regionFunction.role.roleArn),
      Environment: { Variables: Match.objectLike({ PATTERN_FAMILIES: JSON.stringify([golden]) }) },
    });
    const withFamilies = Object.values(custom.template.findResources("AWS::Lambda::Function")).filter(
      (fn) => fn.Properties.Environment.Variables.PATTERN_FAMILIES !== undefined,
    );
    expect(withFamilies).toHaveLength(1);
  });
});

describe("asynchronous invocation", () => {
  it.each([
    ["region", () => base.stack.regionFunction],
    ["fan-out", () => base.stack.fanoutFunction],
  ])(
    "retries a failed %s event twice, for at most an hour, then sends it to the failure queue",
    (_name, refresher) => {
      base.template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
        FunctionName: base.resolve(refresher().function.functionName),
        Qualifier: "$LATEST",
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 3600,
        DestinationConfig: Match.objectEquals({
          OnFailure: { Destination: base.resolve(base.stack.failureQueue.queueArn) },
        }),
      });
    },
  );

  it("keeps failed events 14 days on an encrypted queue that refuses plain HTTP", () => {
    base.template.resourceCountIs("AWS::SQS::Queue", 1);
    base.template.hasResourceProperties("AWS::SQS::Queue", {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 60 * 60,
    });
    base.template.hasResourceProperties("AWS::SQS::QueuePolicy", {
      Queues: [base.resolve(base.stack.failureQueue.queueUrl)],
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ],
      },
    });
  });
});

describe("outputs", () => {
  it("name the fan-out function, to start a first refresh by hand", () => {
    base.template.hasOutput("FanoutFunctionName", {
      Value: base.resolve(base.stack.fanoutFunction.function.functionName),
    });
  });

  it("give the failure queue's URL", () => {
    base.template.hasOutput("FailureQueueUrl", { Value: base.resolve(base.stack.failureQueue.queueUrl) });
  });
});
