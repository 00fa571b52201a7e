import { fileURLToPath } from "node:url";
import { type Duration, RemovalPolicy } from "aws-cdk-lib";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, type FunctionOptions, Runtime } from "aws-cdk-lib/aws-lambda";
import { type BundlingOptions, NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";

/** The repository root: esbuild resolves the entries and node_modules from here. */
export const PROJECT_ROOT = fileURLToPath(new URL("../", import.meta.url));

/**
 * The Node.js the functions run on: the major the project pins (package.json `node`) and tests
 * with, so what runs in Lambda is what ran in CI.
 */
export const FUNCTION_RUNTIME = Runtime.NODEJS_22_X;

/** Enough to look back over a few weeks of 6-hourly runs; older lines are only cost. */
export const LOG_RETENTION = RetentionDays.ONE_MONTH;

/**
 * An ES module has no `require`. Should a CommonJS dependency in the bundle call it for a Node
 * built-in, esbuild's stand-in would throw "Dynamic require ... is not supported" at run time, in
 * Lambda only; the bundle defines a real one first.
 */
const REQUIRE_SHIM = "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);";

/**
 * The credential providers the SDK's default chain imports, each with a dynamic `import()`, only
 * after the environment's keys have failed: SSO, the shared config files, a credential process,
 * a web identity token, container and instance metadata. Lambda gives a function its role's keys
 * in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) and sets no
 * AWS_PROFILE, so the chain's first link answers and none of these is ever imported there. Left
 * out of the bundles, with the STS, SSO and sign-in clients behind them, they take about 100 KiB
 * off each (test/infra runs both bundles with nothing but environment keys). Were the keys ever
 * missing, a call would fail on the missing module instead of on "Could not load credentials".
 */
export const UNUSED_CREDENTIAL_PROVIDERS = [
  "@aws-sdk/credential-provider-http",
  "@aws-sdk/credential-provider-ini",
  "@aws-sdk/credential-provider-process",
  "@aws-sdk/credential-provider-sso",
  "@aws-sdk/credential-provider-web-identity",
  "@smithy/credential-provider-imds",
];

/**
 * esbuild, run on this machine (never in Docker), one minified ES module per function with the
 * AWS SDK inside it: the SDK version is the one the lock file pins and the tests ran, not
 * whichever the Lambda runtime ships that month. Only the credential providers Lambda never
 * reaches are left out. The target follows the runtime (node22).
 */
export const BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  minify: true,
  sourceMap: false,
  bundleAwsSDK: true,
  externalModules: UNUSED_CREDENTIAL_PROVIDERS,
  // The SDK's ES module builds tree-shake far better than its CommonJS ones (region: 993 KiB against 1,798).
  mainFields: ["module", "main"],
  banner: REQUIRE_SHIM,
  forceDockerBundling: false,
};

export interface RefresherFunctionProps
  extends Pick<FunctionOptions, "onFailure" | "retryAttempts" | "maxEventAge"> {
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  description: string;
  memorySize: number;
  timeout: Duration;
  environment: Record<string, string>;
}

/**
 * One of the refresher's Lambda functions with its own role and log group. The role starts
 * empty (no AWSLambdaBasicExecutionRole, whose logs grant covers every log group in the
 * account): it may write to its own log group and nothing else until the stack grants more.
 */
export class RefresherFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: RefresherFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, "Logs", {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: props.description,
    });
    this.logGroup.grantWrite(this.role);
    this.function = new NodejsFunction(this, "Function", {
      entry: `${PROJECT_ROOT}${props.entry}`,
      handler: "handler",
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      description: props.description,
      memorySize: props.memorySize,
      timeout: props.timeout,
      environment: props.environment,
      role: this.role,
      logGroup: this.logGroup,
      bundling: BUNDLING,
      onFailure: props.onFailure,
      retryAttempts: props.retryAttempts,
      maxEventAge: props.maxEventAge,
    });
  }
}
