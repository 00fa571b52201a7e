import { Match } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, it } from "vitest";
import { removeSynthOutputs, type Synthesized, synth } from "./synth.ts";

const TOPIC_ARN = "arn:aws:sns:eu-west-1:123456789012:latest-ami-alarms";

let base: Synthesized;
let withTopic: Synthesized;

beforeAll(() => {
  base = synth();
  withTopic = synth({ alarmTopicArn: TOPIC_ARN });
});

afterAll(removeSynthOutputs);

describe("alarms", () => {
  it("alarm on any region function error in an hour", () => {
    base.template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "AWS/Lambda",
      MetricName: "Errors",
      Dimensions: [
        { Name: "FunctionName", Value: base.resolve(base.stack.regionFunction.function.functionName) },
      ],
      Statistic: "Sum",
      Period: 3600,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      TreatMissingData: "notBreaching",
    });
  });

  it("alarm on any message visible on the failure queue", () => {
    base.template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "AWS/SQS",
      MetricName: "ApproximateNumberOfMessagesVisible",
      Dimensions: [{ Name: "QueueName", Value: base.resolve(base.stack.failureQueue.queueName) }],
      Statistic: "Maximum",
      Period: 300,
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      TreatMissingData: "notBreaching",
    });
  });

  it("alarm when no refresh succeeded in 12 hours, no data counting as none", () => {
    base.template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "LatestAmi",
      MetricName: "RefreshSucceeded",
      Dimensions: [{ Name: "service", Value: "latest-ami-refresher" }],
      Statistic: "Sum",
      Period: 12 * 60 * 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: "LessThanThreshold",
      TreatMissingData: "breaching",
    });
  });

  it("notify nobody unless a topic is given", () => {
    base.template.resourceCountIs("AWS::CloudWatch::Alarm", 3);
    base.template.allResourcesProperties("AWS::CloudWatch::Alarm", { AlarmActions: Match.absent() });
  });

  it("all notify the topic when one is given", () => {
    withTopic.template.resourceCountIs("AWS::CloudWatch::Alarm", 3);
    withTopic.template.allResourcesProperties("AWS::CloudWatch::Alarm", { AlarmActions: [TOPIC_ARN] });
  });
});
