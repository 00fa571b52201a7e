import { parseRegionDocument, type RegionDocument } from "../contract/document.ts";
import { type OriginProxy, startOriginProxy } from "../local/origin-proxy.ts";
import { LOCAL_BUCKET, LOCAL_PREFIX, type LocalStack, startLocalStack } from "../local/stack.ts";
import { handler as fanout } from "../refresher/handlers/fanout.ts";

/** What the Worker under test reads: a local S3 filled by one real refresh, behind a counting proxy. */
export interface ServingStack {
  stack: LocalStack;
  proxy: OriginProxy;
  /** ORIGIN_URL for the Worker: `<bucket>/<prefix>` through the proxy. */
  originUrl: string;
  /** The regions the fan-out listed, sorted. */
  regions: string[];
  /** Each region's stored document, read from S3 directly (not through the Worker). */
  documents: Map<string, RegionDocument>;
  /** Origin requests the proxy has forwarded since start (or the last {@link ServingStack.resetCounts}). */
  originGets(): number;
  resetCounts(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the local AWS endpoint and S3, runs one full refresh as production does (the fan-out,
 * then every asynchronous region invocation), and puts the origin proxy in front of S3.
 */
export async function startServingStack(): Promise<ServingStack> {
  const stack = await startLocalStack();
  let proxy: OriginProxy | undefined;
  try {
    const report = await fanout();
    await stack.aws.idle();
    if (Object.keys(report.failed).length > 0) {
      throw new Error(`the fan-out failed to invoke: ${JSON.stringify(report.failed)}`);
    }
    proxy = await startOriginProxy({ target: stack.s3.url });
    const directOrigin = stack.originUrl;
    const regions = await readJson(`${directOrigin}/regions.json`).then((list) => regionsOf(list));
    const documents = new Map<string, RegionDocument>();
    for (const region of regions) {
      documents.set(region, parseRegionDocument(await readJson(`${directOrigin}/${region}.json`)));
    }
    const counting = proxy;
    return {
      stack,
      proxy: counting,
      originUrl: `${counting.url}/${LOCAL_BUCKET}/${LOCAL_PREFIX}`,
      regions,
      documents,
      originGets: () =>
        Object.entries(counting.counts())
          .filter(([key]) => key.startsWith("GET "))
          .reduce((sum, [, count]) => sum + count, 0),
      resetCounts: async () => {
        const response = await fetch(`${counting.url}/__origin/reset`, { method: "POST" });
        await response.body?.cancel();
      },
      close: async () => {
        await counting.close();
        await stack.close();
      },
    };
  } catch (error) {
    await proxy?.close();
    await stack.close();
    throw error;
  }
}

async function readJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return response.json();
}

function regionsOf(list: unknown): string[] {
  if (typeof list === "object" && list !== null && "Regions" in list && Array.isArray(list.Regions)) {
    const regions = list.Regions.filter((region): region is string => typeof region === "string");
    if (regions.length > 0) return regions.sort();
  }
  throw new Error("regions.json lists no regions");
}
