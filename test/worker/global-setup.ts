import type { TestProject } from "vitest/node";
import { startOriginProxy } from "../../local/origin-proxy.ts";
import { LOCAL_BUCKET, LOCAL_PREFIX, startLocalStack } from "../../local/stack.ts";
import { handler as fanout } from "../../refresher/handlers/fanout.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Where the Worker under test reads documents: the counting, fault-injecting proxy in front of S3. */
    originUrl: string;
    /** The proxy's own address, for its `/__origin/` control endpoints. */
    originProxyUrl: string;
    /** The local AWS endpoint, so a test can invoke the region function again. */
    awsUrl: string;
  }
}

/**
 * Fills a real S3 server the way production does: the fan-out function against the local AWS
 * endpoint, one asynchronous region invocation a region. The Worker tests read it through a
 * proxy that counts origin requests and can make the origin fail.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.LOG_LEVEL = "warn";
  const stack = await startLocalStack();
  await fanout();
  await stack.aws.idle();
  const proxy = await startOriginProxy({ target: stack.s3.url });
  project.provide("originUrl", `${proxy.url}/${LOCAL_BUCKET}/${LOCAL_PREFIX}`);
  project.provide("originProxyUrl", proxy.url);
  project.provide("awsUrl", stack.aws.url);
  return async () => {
    await proxy.close();
    await stack.close();
  };
}
