import { inject } from "vitest";
import type { OriginFault } from "../../local/origin-fault.ts";

/** Talks to the origin proxy's control endpoints from inside workerd. */
const base = `${inject("originProxyUrl")}/__origin`;

/** Makes the origin misbehave for paths containing `match` (all paths when omitted); null clears. */
export async function setOriginFault(fault: OriginFault | null, match?: string): Promise<void> {
  const response = await fetch(`${base}/fault`, { method: "POST", body: JSON.stringify({ fault, match }) });
  if (response.status !== 204) throw new Error(`fault not set: ${response.status} ${await response.text()}`);
}

/** Requests that reached the origin, by "METHOD /path". */
export async function originCounts(): Promise<Record<string, number>> {
  return (await (await fetch(`${base}/counts`)).json()) as Record<string, number>;
}

/** GETs of one region's document that reached the origin. */
export async function originGets(region: string): Promise<number> {
  return (await originCounts())[`GET /latest-ami/v1/${region}.json`] ?? 0;
}

/** Runs the region function again for `region`, synchronously, through the local Lambda. */
export async function refreshAgain(region: string): Promise<void> {
  const response = await fetch(`${inject("awsUrl")}/2015-03-31/functions/latest-ami-region/invocations`, {
    method: "POST",
    headers: {
      authorization:
        "AWS4-HMAC-SHA256 Credential=S3RVER/20260727/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=0",
      "x-amz-invocation-type": "RequestResponse",
    },
    body: JSON.stringify({ region }),
  });
  if (response.status !== 200 || response.headers.has("x-amz-function-error")) {
    throw new Error(`refresh of ${region} failed: ${response.status} ${await response.text()}`);
  }
}

/** What the origin was last asked: method, path with query, and headers (lower-case names). */
export async function lastOriginRequest(): Promise<{
  method: string;
  path: string;
  headers: Record<string, string>;
}> {
  return (await (await fetch(`${base}/last-request`)).json()) as {
    method: string;
    path: string;
    headers: Record<string, string>;
  };
}
