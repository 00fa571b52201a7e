import { EC2Client } from "@aws-sdk/client-ec2";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { S3Client } from "@aws-sdk/client-s3";
import { SSMClient } from "@aws-sdk/client-ssm";

/**
 * AWS clients with explicit retry and timeout settings. Endpoints and credentials come from the
 * SDK's standard configuration (AWS_REGION, AWS_ENDPOINT_URL_<SERVICE>, the credential chain),
 * which is also how the local AWS endpoint is plugged in.
 */

/** Standard retry mode backs off with jitter and respects AWS's throttling signals. */
const RETRY_MODE = "standard";
/** One try and two retries: a region that still fails is retried by the next 6-hourly run. */
const MAX_ATTEMPTS = 3;
/** A TCP connect that takes longer than this is a network fault, not a slow answer. */
const CONNECTION_TIMEOUT_MS = 3_000;
/** The largest answer (a page of DescribeImages) comes back in well under a second. */
const REQUEST_TIMEOUT_MS = 10_000;

const common = {
  retryMode: RETRY_MODE,
  maxAttempts: MAX_ATTEMPTS,
  // Without throwOnRequestTimeout the SDK only warns when requestTimeout passes, and keeps waiting.
  requestHandler: {
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    throwOnRequestTimeout: true,
  },
} as const;

/** The clients one region's refresh uses. */
export interface RegionClients {
  ssm: SSMClient;
  ec2: EC2Client;
}

const regionClientsCache = new Map<string, RegionClients>();

/** SSM and EC2 clients for `region`, created once and reused across invocations. */
export function regionClients(region: string): RegionClients {
  let clients = regionClientsCache.get(region);
  if (!clients) {
    clients = { ssm: new SSMClient({ ...common, region }), ec2: new EC2Client({ ...common, region }) };
    regionClientsCache.set(region, clients);
  }
  return clients;
}

// Clients in the function's own region (AWS_REGION), each made on first use: a bundle that never
// calls one leaves its SDK out.
let s3: S3Client | undefined;
let lambda: LambdaClient | undefined;
let homeEc2: EC2Client | undefined;

/** S3, where the documents are. */
export function s3Client(): S3Client {
  s3 ??= new S3Client(common);
  return s3;
}

/** Lambda, for the fan-out's invocations. */
export function lambdaClient(): LambdaClient {
  lambda ??= new LambdaClient(common);
  return lambda;
}

/** EC2 in the function's own region, for DescribeRegions. */
export function homeEc2Client(): EC2Client {
  homeEc2 ??= new EC2Client(common);
  return homeEc2;
}
