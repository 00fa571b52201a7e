import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

/**
 * A Worker test project: tests run inside workerd against the real Worker, whose origin is a
 * real s3rver filled by the real refresher in the global setup (through a counting, fault-
 * injecting proxy), provided as ORIGIN_URL.
 */
function workerProject(name: string, include: string[]): TestProjectInlineConfiguration {
  return {
    plugins: [
      cloudflareTest(({ inject }) => ({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: { bindings: { ORIGIN_URL: inject("originUrl") } },
      })),
    ],
    test: {
      name,
      include,
      exclude: ["**/*.node.test.ts"],
      globalSetup: ["test/worker/global-setup.ts"],
      // Each project has its own origin proxy, and some files make it fail: one file at a time.
      fileParallelism: false,
    },
  };
}

/**
 * Node tests (contract, refresher, local AWS endpoint, end to end, the dashboard in Chromium); Worker tests inside workerd;
 * and Worker tests that need an isolate whose memo and edge cache no other test has warmed
 * (coalescing, cache keys, stale-if-error), in a workerd of their own.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          include: [
            "test/{contract,refresher,local,e2e,infra,reliability,browser,bench}/**/*.test.ts",
            "test/worker/**/*.node.test.ts",
          ],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      workerProject("worker", ["test/worker/**/*.test.ts"]),
      workerProject("worker-cold", ["test/worker-cold/**/*.test.ts"]),
    ],
  },
});
