import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import { Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { PolicyStatement, StarPrincipal, User } from "aws-cdk-lib/aws-iam";
import { SqsDestination } from "aws-cdk-lib/aws-lambda-destinations";
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { regionListKey } from "../contract/document.ts";
import type { PatternFamily } from "../contract/pattern-families.ts";
import { REFRESH_INTERVAL_HOURS } from "../contract/schedule.ts";
import { RefresherAlarms } from "./alarms.ts";
import type { LogLevel } from "./context.ts";
import { RefresherFunction } from "./refresher-function.ts";

/** How often the fan-out runs: a new AMI reaches the documents at most this long after AWS publishes it. */
export const REFRESH_INTERVAL = Duration.hours(REFRESH_INTERVAL_HOURS);
/** Versions a write replaced stay this long, so a bad document can be rolled back by hand. */
export const NONCURRENT_VERSION_EXPIRY = Duration.days(30);
/** Comfortably above the region refresh's own 60 s deadline (REFRESH_DEADLINE_MS): it ends itself, cleanly. */
export const REGION_FUNCTION_TIMEOUT = Duration.seconds(120);
/** DescribeRegions, ~30 asynchronous invokes and one small PutObject take a few seconds. */
export const FANOUT_FUNCTION_TIMEOUT = Duration.seconds(60);
/** Mostly waiting on AWS; more memory buys CPU for the SDK's cold start and JSON parsing. */
export const FUNCTION_MEMORY_MB = 256;
/** Lambda's two retries of an asynchronous event; a refresh is idempotent, so a repeat is safe. */
export const ASYNC_RETRY_ATTEMPTS = 2;
/** An event not handled within the hour goes to the failure queue: the next scheduled run is never far. */
export const MAX_EVENT_AGE = Duration.hours(1);
/** The longest SQS keeps a message: time to look at a failed event after a long weekend. */
export const FAILURE_RETENTION = Duration.days(14);

export interface LatestAmiStackProps extends StackProps {
  /** Object prefix of the documents: `<prefix>/<region>.json`; empty for the bucket root. */
  prefix: string;
  /**
   * Lets anyone GetObject under the prefix (and nothing else), for the Worker's plain-fetch
   * origin and for clients that read S3 directly. Off: the bucket blocks all public access.
   */
  publicRead: boolean;
  /** Creates an IAM user that may only GetObject under the prefix, for the Worker's SigV4 reads. */
  workerReader?: boolean;
  /** LOG_LEVEL of both functions. */
  logLevel?: LogLevel;
  /** Pattern families added to the shipped ones (validated at synth; see contract/pattern-families.ts). */
  patternFamilies?: readonly PatternFamily[];
  /** SNS topic every alarm notifies; without it the alarms only change state. */
  alarmTopicArn?: string;
}

/**
 * The refresher side of latest-ami: the documents bucket, the scheduled fan-out function, the
 * per-region function with its retry and failure queue, least-privilege roles, and alarms.
 */
export class LatestAmiStack extends Stack {
  readonly bucket: Bucket;
  readonly fanoutFunction: RefresherFunction;
  readonly regionFunction: RefresherFunction;
  readonly failureQueue: Queue;
  readonly schedule: Rule;
  readonly alarms: RefresherAlarms;
  readonly workerReader: User | undefined;

  constructor(scope: Construct, id: string, props: LatestAmiStackProps) {
    super(scope, id, props);
    const { prefix, publicRead } = props;
    /** Every object the refresher writes, and the only ones anyone else may read. */
    const documents = prefix ? `${prefix}/*` : "*";

    this.bucket = new Bucket(this, "Documents", {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      lifecycleRules: [
        { id: "expire-replaced-versions", noncurrentVersionExpiration: NONCURRENT_VERSION_EXPIRY },
      ],
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // ACLs stay blocked either way; a public read needs a public bucket policy and nothing more.
      blockPublicAccess: publicRead
        ? new BlockPublicAccess({
            blockPublicAcls: true,
            ignorePublicAcls: true,
            blockPublicPolicy: false,
            restrictPublicBuckets: false,
          })
        : BlockPublicAccess.BLOCK_ALL,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    if (publicRead) {
      this.bucket.addToResourcePolicy(
        new PolicyStatement({
          sid: "PublicReadDocuments",
          principals: [new StarPrincipal()],
          actions: ["s3:GetObject"],
          resources: [this.bucket.arnForObjects(documents)],
        }),
      );
    }

    this.failureQueue = new Queue(this, "FailedRefreshes", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: FAILURE_RETENTION,
    });
    const asyncInvoke = {
      retryAttempts: ASYNC_RETRY_ATTEMPTS,
      maxEventAge: MAX_EVENT_AGE,
      onFailure: new SqsDestination(this.failureQueue),
    };
    const store = { BUCKET: this.bucket.bucketName, PREFIX: prefix, LOG_LEVEL: props.logLevel ?? "info" };

    this.regionFunction = new RefresherFunction(this, "Region", {
      entry: "refresher/handlers/region.ts",
      description: "latest-ami: refreshes one region's document from SSM and EC2",
      memorySize: FUNCTION_MEMORY_MB,
      timeout: REGION_FUNCTION_TIMEOUT,
      environment: props.patternFamilies?.length
        ? { ...store, PATTERN_FAMILIES: JSON.stringify(props.patternFamilies) }
        : store,
      ...asyncInvoke,
    });
    // Public parameters live in AWS's own namespace, with no account in their ARN, in every region.
    this.regionFunction.role.addToPolicy(
      new PolicyStatement({
        actions: ["ssm:GetParametersByPath", "ssm:GetParameters"],
        resources: [`arn:${Aws.PARTITION}:ssm:*::parameter/aws/service/*`],
      }),
    );
    // EC2 has no resource-level permissions for Describe* calls.
    this.regionFunction.role.addToPolicy(
      new PolicyStatement({ actions: ["ec2:DescribeImages"], resources: ["*"] }),
    );
    this.regionFunction.role.addToPolicy(
      new PolicyStatement({
        actions: ["s3:GetObject", "s3:PutObject"],
        resources: [this.bucket.arnForObjects(documents)],
      }),
    );
    // No s3:ListBucket: without it S3 answers a GetObject of a missing key 403, which the code
    // reads as "no document yet" and answers with If-None-Match: * (see refresher/store.ts).

    this.fanoutFunction = new RefresherFunction(this, "Fanout", {
      entry: "refresher/handlers/fanout.ts",
      description: "latest-ami: lists the regions and starts one region refresh for each",
      memorySize: FUNCTION_MEMORY_MB,
      timeout: FANOUT_FUNCTION_TIMEOUT,
      environment: { ...store, REGION_FUNCTION_NAME: this.regionFunction.function.functionName },
      ...asyncInvoke,
    });
    this.fanoutFunction.role.addToPolicy(
      new PolicyStatement({ actions: ["ec2:DescribeRegions"], resources: ["*"] }),
    );
    this.fanoutFunction.role.addToPolicy(
      new PolicyStatement({
        actions: ["lambda:InvokeFunction"],
        resources: [this.regionFunction.function.functionArn],
      }),
    );
    this.fanoutFunction.role.addToPolicy(
      new PolicyStatement({
        actions: ["s3:PutObject"],
        resources: [this.bucket.arnForObjects(regionListKey(prefix))],
      }),
    );

    this.schedule = new Rule(this, "Schedule", {
      description: "latest-ami: refresh every region",
      schedule: Schedule.rate(REFRESH_INTERVAL),
      targets: [new LambdaFunction(this.fanoutFunction.function)],
    });

    this.alarms = new RefresherAlarms(this, "Alarms", {
      regionFunction: this.regionFunction.function,
      failureQueue: this.failureQueue,
      alarmTopicArn: props.alarmTopicArn,
    });

    if (props.workerReader) {
      this.workerReader = new User(this, "WorkerReader");
      this.workerReader.addToPrincipalPolicy(
        new PolicyStatement({ actions: ["s3:GetObject"], resources: [this.bucket.arnForObjects(documents)] }),
      );
      new CfnOutput(this, "WorkerReaderUserName", {
        description: "IAM user for the Worker's signed reads: aws iam create-access-key --user-name <this>",
        value: this.workerReader.userName,
      });
    }

    new CfnOutput(this, "BucketName", {
      description: "Where the documents are",
      value: this.bucket.bucketName,
    });
    new CfnOutput(this, "OriginUrl", {
      description: "ORIGIN_URL for the Worker (wrangler.toml [vars])",
      value: `https://${this.bucket.bucketName}.s3.${Aws.REGION}.${Aws.URL_SUFFIX}${prefix ? `/${prefix}` : ""}`,
    });
    new CfnOutput(this, "FanoutFunctionName", {
      description: "Invoke it once after the first deploy to fill the bucket now",
      value: this.fanoutFunction.function.functionName,
    });
    new CfnOutput(this, "FailureQueueUrl", {
      description: "Events the region or fan-out function gave up on",
      value: this.failureQueue.queueUrl,
    });
  }
}
