import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";
import { testReportsRequested, writeReliabilitySection } from "../../bench/reliability-report.ts";
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
    /**
     * Where a test inside workerd (which has no file system) PUTs a section of bench/RELIABILITY.md:
     * `PUT <reportUrl>/<section>` with the section's Markdown; written when the run ends.
     */
    reportUrl: string;
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
  const sections = new Map<string, string>();
  const reports = await startReportCollector(sections);
  project.provide("reportUrl", `http://127.0.0.1:${(reports.address() as AddressInfo).port}`);
  return async () => {
    await new Promise((resolve) => reports.close(resolve));
    if (testReportsRequested()) {
      for (const [name, markdown] of sections) writeReliabilitySection(name, markdown);
    }
    await proxy.close();
    await stack.close();
  };
}

/** Collects report sections PUT by the tests: `PUT /<name>` (letters, digits, dashes), Markdown body. */
async function startReportCollector(sections: Map<string, string>): Promise<Server> {
  const server = createServer((request, response) => {
    const name = /^\/([a-z0-9-]+)$/.exec(request.url ?? "")?.[1];
    if (request.method !== "PUT" || name === undefined) {
      response.writeHead(404).end();
      return;
    }
    let body = "";
    request.setEncoding("utf8").on("data", (chunk: string) => {
      body += chunk;
    });
    request.on("end", () => {
      sections.set(name, body);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}
