import type { TestProject } from "vitest/node";
import { startLocalStack } from "../../local/stack.ts";
import { handler as fanout } from "../../refresher/handlers/fanout.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Where the Worker under test reads documents: local S3 filled by the real refresher. */
    originUrl: string;
  }
}

/**
 * Fills a real S3 server the way production does: the fan-out function against the local AWS
 * endpoint, one asynchronous region invocation a region. The Worker tests read from it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.LOG_LEVEL = "warn";
  const stack = await startLocalStack();
  await fanout();
  await stack.aws.idle();
  project.provide("originUrl", stack.originUrl);
  return () => stack.close();
}
