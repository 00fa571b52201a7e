import { handler as regionHandler } from "../refresher/handlers/region.ts";
import { type LocalAws, startLocalAws } from "./aws/server.ts";
import { LOCAL_S3_CREDENTIALS, type LocalS3, startLocalS3 } from "./s3.ts";

/** The names the local stack uses for the things a deployment names. */
export const LOCAL_BUCKET = "latest-ami";
export const LOCAL_PREFIX = "v1";
export const REGION_FUNCTION_NAME = "latest-ami-region";
/** The region the functions "run in", as AWS_REGION says in Lambda. */
export const HOME_REGION = "us-east-1";

export interface LocalStackOptions {
  host?: string;
  /** Ports of the local AWS endpoint and local S3; 0 (default) picks free ones. */
  awsPort?: number;
  s3Port?: number;
  /** Catalogue folder the AWS endpoint serves; default the project's snapshot. */
  catalogueDir?: string;
  /** Called after each region function invocation, with its report or error. */
  onRegionDone?: (
    event: unknown,
    outcome: { ok: true; result: unknown } | { ok: false; error: unknown },
  ) => void;
}

export interface LocalStack {
  aws: LocalAws;
  s3: LocalS3;
  /** The SDK settings this stack put in process.env: what another process needs to reach it. */
  environment: Record<string, string>;
  /** Where the Worker reads documents: the public URL of `<bucket>/<prefix>`. */
  originUrl: string;
  close(): Promise<void>;
}

/**
 * Starts a local AWS endpoint and a local S3 server, and sets this process's environment the way
 * Lambda sets a function's: the refresher's handlers, run here by the local Lambda, then reach
 * both through the SDK's standard endpoint variables, as any SDK program in this process does.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const host = options.host ?? "127.0.0.1";
  const s3 = await startLocalS3({ bucket: LOCAL_BUCKET, host, port: options.s3Port ?? 0 });
  let aws: LocalAws;
  try {
    aws = await startLocalAws({
      host,
      port: options.awsPort ?? 0,
      catalogueDir: options.catalogueDir,
      functions: {
        [REGION_FUNCTION_NAME]: async (event) => {
          try {
            const result = await regionHandler(event);
            options.onRegionDone?.(event, { ok: true, result });
            return result;
          } catch (error) {
            options.onRegionDone?.(event, { ok: false, error });
            throw error;
          }
        },
      },
    });
  } catch (error) {
    await s3.close();
    throw error;
  }
  const environment = {
    AWS_REGION: HOME_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_S3_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_S3_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_EC2: aws.url,
    AWS_ENDPOINT_URL_SSM: aws.url,
    AWS_ENDPOINT_URL_LAMBDA: aws.url,
    AWS_ENDPOINT_URL_S3: s3.url,
    BUCKET: LOCAL_BUCKET,
    // The functions run in this process: their metrics would only be noise on its stdout.
    POWERTOOLS_METRICS_DISABLED: "true",
    PREFIX: LOCAL_PREFIX,
    REGION_FUNCTION_NAME,
  };
  Object.assign(process.env, environment);
  return {
    environment,
    aws,
    s3,
    originUrl: `${s3.url}/${LOCAL_BUCKET}/${LOCAL_PREFIX}`,
    async close() {
      await Promise.allSettled([aws.close(), s3.close()]);
    },
  };
}
