import { type Unstable_DevWorker, unstable_dev } from "wrangler";
import { type OriginProxy, startOriginProxy } from "../../local/origin-proxy.ts";
import { LOCAL_BUCKET, LOCAL_PREFIX, type LocalStack, startLocalStack } from "../../local/stack.ts";
import { type FanoutReport, handler as fanout } from "../../refresher/handlers/fanout.ts";

/**
 * The Worker in workerd over HTTP on a free loopback port, reading `originUrl`. Its edge cache is
 * its own (in memory, not wrangler's shared `.wrangler/state`), so test files running side by side
 * never answer from each other's cached documents.
 */
export function startDevWorker(
  originUrl: string,
  vars: Record<string, string> = {},
): Promise<Unstable_DevWorker> {
  return unstable_dev("worker/index.ts", {
    config: "wrangler.toml",
    vars: { ORIGIN_URL: originUrl, ...vars },
    ip: "127.0.0.1",
    port: 0,
    persist: false,
    logLevel: "warn",
    experimental: { disableExperimentalWarning: true },
  });
}

/** The whole local system after one full refresh: the stack, the fan-out's report, the Worker serving it. */
export interface RefreshedStack {
  stack: LocalStack;
  fanned: FanoutReport;
  worker: Unstable_DevWorker;
  /** With `throughProxy`: the origin proxy the Worker reads through (counts, faults). */
  proxy?: OriginProxy;
}

/**
 * Starts the local stack (AWS endpoint, S3), runs the fan-out and waits until every region
 * function it started has finished, then starts the Worker on what they wrote (with
 * `throughProxy`, through an origin proxy that can make S3 fail).
 */
export async function startRefreshedStack(options: { throughProxy?: boolean } = {}): Promise<RefreshedStack> {
  process.env.LOG_LEVEL = "warn";
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
  const stack = await startLocalStack();
  const fanned = await fanout();
  await stack.aws.idle();
  if (!options.throughProxy) return { stack, fanned, worker: await startDevWorker(stack.originUrl) };
  const proxy = await startOriginProxy({ target: stack.s3.url });
  const worker = await startDevWorker(`${proxy.url}/${LOCAL_BUCKET}/${LOCAL_PREFIX}`);
  return { stack, fanned, worker, proxy };
}
