import { App } from "aws-cdk-lib";
import {
  contextFlag,
  contextLogLevel,
  contextPatternFamilies,
  contextPrefix,
  contextString,
} from "./context.ts";
import { LatestAmiStack } from "./stack.ts";

/**
 * The CDK app: `npx cdk synth`, `npx cdk deploy`. Settings come from cdk.json's context, or
 * `-c name=value`: prefix (default v1), publicRead, workerReader, logLevel, alarmTopicArn,
 * patternFamilies (a JSON list of families chosen by owner and name pattern).
 */
const app = new App();
const context = (name: string): unknown => app.node.tryGetContext(name);

new LatestAmiStack(app, "LatestAmi", {
  description: "latest-ami: the newest AMI of every AWS region, refreshed every 6 hours",
  // Account and region of the credentials in use, when there are any; synth needs none.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  prefix: contextPrefix(context("prefix")),
  publicRead: contextFlag(context("publicRead"), "publicRead"),
  workerReader: contextFlag(context("workerReader"), "workerReader"),
  logLevel: contextLogLevel(context("logLevel")),
  alarmTopicArn: contextString(context("alarmTopicArn"), "alarmTopicArn"),
  patternFamilies: contextPatternFamilies(context("patternFamilies")),
});
