import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

/**
 * Two projects: Node tests (contract, refresher, local AWS endpoint, end to end) and Worker
 * tests that run inside workerd. The Worker project's origin is a real s3rver filled by the
 * real refresher in its global setup, which provides its address as ORIGIN_URL.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          include: ["test/{contract,refresher,local,e2e}/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: { bindings: { ORIGIN_URL: inject("originUrl") } },
          })),
        ],
        test: {
          name: "worker",
          include: ["test/worker/**/*.test.ts"],
          globalSetup: ["test/worker/global-setup.ts"],
        },
      },
    ],
  },
});
