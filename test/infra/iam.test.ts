import { Match } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeSynthOutputs, type Synthesized, synth } from "./synth.ts";

let base: Synthesized;
let custom: Synthesized;

beforeAll(() => {
  base = synth();
  custom = synth({ prefix: "docs/v2", workerReader: true });
});

afterAll(removeSynthOutputs);

describe("IAM", () => {
  it("grants the region function exactly: its logs, the failure queue, public SSM parameters, DescribeImages, the documents", () => {
    const { stack, resolve } = base;
    base.template.hasResourceProperties("AWS::IAM::Policy", {
      Roles: [resolve(stack.regionFunction.role.roleName)],
      PolicyDocument: Match.objectEquals({
        Version: "2012-10-17",
        Statement: [
          {
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Effect: "Allow",
            Resource: resolve(stack.regionFunction.logGroup.logGroupArn),
          },
          {
            Action: ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"],
            Effect: "Allow",
            Resource: resolve(stack.failureQueue.queueArn),
          },
          {
            Action: ["ssm:GetParameters", "ssm:GetParametersByPath"],
            Effect: "Allow",
            Resource: {
              "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ":ssm:*::parameter/aws/service/*"]],
            },
          },
          { Action: "ec2:DescribeImages", Effect: "Allow", Resource: "*" },
          {
            Action: ["s3:GetObject", "s3:PutObject"],
            Effect: "Allow",
            Resource: { "Fn::Join": ["", [resolve(stack.bucket.bucketArn), "/v1/*"]] },
          },
        ],
      }),
    });
  });

  it("grants the fan-out function exactly: its logs, the failure queue, DescribeRegions, invoking the region function, regions.json", () => {
    const { stack, resolve } = base;
    base.template.hasResourceProperties("AWS::IAM::Policy", {
      Roles: [resolve(stack.fanoutFunction.role.roleName)],
      PolicyDocument: Match.objectEquals({
        Version: "2012-10-17",
        Statement: [
          {
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Effect: "Allow",
            Resource: resolve(stack.fanoutFunction.logGroup.logGroupArn),
          },
          {
            Action: ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"],
            Effect: "Allow",
            Resource: resolve(stack.failureQueue.queueArn),
          },
          { Action: "ec2:DescribeRegions", Effect: "Allow", Resource: "*" },
          {
            Action: "lambda:InvokeFunction",
            Effect: "Allow",
            Resource: resolve(stack.regionFunction.function.functionArn),
          },
          {
            Action: "s3:PutObject",
            Effect: "Allow",
            Resource: { "Fn::Join": ["", [resolve(stack.bucket.bucketArn), "/v1/regions.json"]] },
          },
        ],
      }),
    });
  });

  it("attaches no other policy: no managed policies, no inline ones, no second policy resource", () => {
    base.template.resourceCountIs("AWS::IAM::Policy", 2);
    base.template.resourceCountIs("AWS::IAM::Role", 2);
    base.template.resourceCountIs("AWS::IAM::User", 0);
    base.template.allResourcesProperties("AWS::IAM::Role", {
      AssumeRolePolicyDocument: Match.objectEquals({
        Version: "2012-10-17",
        Statement: [
          { Action: "sts:AssumeRole", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" } },
        ],
      }),
      ManagedPolicyArns: Match.absent(),
      Policies: Match.absent(),
    });
  });

  it("scopes every grant to the configured prefix", () => {
    const { stack, resolve } = custom;
    custom.template.hasResourceProperties("AWS::IAM::Policy", {
      Roles: [resolve(stack.regionFunction.role.roleName)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: ["s3:GetObject", "s3:PutObject"],
            Effect: "Allow",
            Resource: { "Fn::Join": ["", [resolve(stack.bucket.bucketArn), "/docs/v2/*"]] },
          },
        ]),
      },
    });
    custom.template.hasResourceProperties("AWS::IAM::Policy", {
      Roles: [resolve(stack.fanoutFunction.role.roleName)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: "s3:PutObject",
            Effect: "Allow",
            Resource: { "Fn::Join": ["", [resolve(stack.bucket.bucketArn), "/docs/v2/regions.json"]] },
          },
        ]),
      },
    });
  });

  it("gives the optional Worker reader GetObject under the prefix and nothing else", () => {
    const { stack, resolve } = custom;
    const reader = stack.workerReader;
    expect(reader).toBeDefined();
    custom.template.resourceCountIs("AWS::IAM::User", 1);
    custom.template.resourceCountIs("AWS::IAM::Policy", 3);
    custom.template.hasResourceProperties("AWS::IAM::Policy", {
      Users: [resolve(reader?.userName)],
      PolicyDocument: Match.objectEquals({
        Version: "2012-10-17",
        Statement: [
          {
            Action: "s3:GetObject",
            Effect: "Allow",
            Resource: { "Fn::Join": ["", [resolve(stack.bucket.bucketArn), "/docs/v2/*"]] },
          },
        ],
      }),
    });
    custom.template.hasResourceProperties("AWS::IAM::User", { ManagedPolicyArns: Match.absent() });
  });
});

describe("outputs", () => {
  it("name the Worker reader only when there is one", () => {
    custom.template.hasOutput("WorkerReaderUserName", {
      Value: custom.resolve(custom.stack.workerReader?.userName),
    });
    expect(Object.keys(base.template.findOutputs("WorkerReaderUserName"))).toEqual([]);
  });
});
