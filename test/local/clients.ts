/**
 * Real AWS SDK clients pointed at a local endpoint, with dummy static credentials (the endpoint
 * reads the signing scope, never the signature) and no retries, so an error surfaces at once.
 */
import { EC2Client } from "@aws-sdk/client-ec2";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { SSMClient } from "@aws-sdk/client-ssm";

/** Dummy credentials: anything well-formed signs a request the endpoint accepts. */
export const CREDENTIALS = { accessKeyId: "AKIDLOCALTEST", secretAccessKey: "local-secret" };

/** An EC2 client for `region` talking to `url`. */
export function ec2Client(url: string, region: string): EC2Client {
  return new EC2Client({ endpoint: url, region, credentials: CREDENTIALS, maxAttempts: 1 });
}

/** An SSM client for `region` talking to `url`. */
export function ssmClient(url: string, region: string): SSMClient {
  return new SSMClient({ endpoint: url, region, credentials: CREDENTIALS, maxAttempts: 1 });
}

/** A Lambda client for `region` talking to `url`. */
export function lambdaClient(url: string, region: string): LambdaClient {
  return new LambdaClient({ endpoint: url, region, credentials: CREDENTIALS, maxAttempts: 1 });
}

/**
 * A header that routes like a SigV4 one: the endpoint reads the credential scope and checks no
 * signature, so raw `fetch` tests can reach any service and region.
 */
export function scopeHeader(region: string, service: string): string {
  return `AWS4-HMAC-SHA256 Credential=AKIDLOCALTEST/20260727/${region}/${service}/aws4_request, SignedHeaders=host, Signature=00`;
}

/** The error a promise rejects with, so a test can assert on its fields. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) {
      return error;
    }
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error("expected a rejection, got a result");
}
