import { type Unstable_DevWorker, unstable_dev } from "wrangler";

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
