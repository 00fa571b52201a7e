/**
 * Sizes and start-up: the Worker bundle (gzip, as Cloudflare measures it), each Lambda bundle as
 * the CDK app builds it (esbuild with infra's BUNDLING options, minified), and each handler
 * bundle's module init time: a fresh Node process imports the bundle file, timed from just before
 * the import to just after, median over several processes.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { build, type Plugin } from "esbuild";
import { BUNDLING, FUNCTION_RUNTIME } from "../infra/refresher-function.ts";
import { PROJECT_ROOT } from "./workerd.ts";
import { median } from "./wrk.ts";

const run = promisify(execFile);

export const HANDLERS = {
  region: "refresher/handlers/region.ts",
  "fan-out": "refresher/handlers/fanout.ts",
} as const;

/** e.g. "nodejs22.x" → "node22". */
function esbuildTarget(): string {
  const major = /^nodejs(\d+)\.x$/.exec(FUNCTION_RUNTIME.name)?.[1];
  if (!major) throw new Error(`unexpected runtime ${FUNCTION_RUNTIME.name}`);
  return `node${major}`;
}

export type BundleVariant = "shipped" | "sdk-external" | "literal-schema-keys";

/**
 * Rewrites the AWS SDK's generated schema objects' computed keys (`{ [_xN]: ... }`, `_xN` a
 * string constant of the same file) to literal keys, which esbuild can tree-shake. Measures what
 * the upstream fix (smithy-lang/smithy-typescript#1889, aws/aws-sdk-js-v3#7607) would save; not
 * used by the deployed bundles.
 */
const literalSchemaKeys: Plugin = {
  name: "literal-schema-keys",
  setup(builder) {
    builder.onLoad(
      { filter: /@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/ },
      async (args) => {
        const { readFile } = await import("node:fs/promises");
        const source = await readFile(args.path, "utf8");
        const constants = new Map<string, string>();
        for (const match of source.matchAll(/^const (_\w+) = ("[^"\n]*");$/gm)) {
          if (match[1] && match[2]) constants.set(match[1], match[2]);
        }
        const contents = source.replace(/\[(_\w+)\]:/g, (whole, name: string) => {
          const value = constants.get(name);
          return value === undefined ? whole : `${value}:`;
        });
        return { contents, loader: "js" };
      },
    );
  },
};

/** One handler bundled as the CDK app bundles it, or one of the variants measured for comparison. */
export async function bundleHandler(entry: string, variant: BundleVariant = "shipped"): Promise<Uint8Array> {
  const result = await build({
    entryPoints: [join(PROJECT_ROOT, entry)],
    bundle: true,
    platform: "node",
    format: BUNDLING.format === "esm" ? "esm" : "cjs",
    target: esbuildTarget(),
    minify: BUNDLING.minify ?? false,
    mainFields: BUNDLING.mainFields ?? ["module", "main"],
    banner: BUNDLING.banner ? { js: BUNDLING.banner } : {},
    external:
      variant === "sdk-external" ? ["@aws-sdk/*", "@smithy/*"] : [...(BUNDLING.externalModules ?? [])],
    plugins: variant === "literal-schema-keys" ? [literalSchemaKeys] : [],
    write: false,
    logLevel: "silent",
  });
  const output = result.outputFiles?.[0];
  if (!output) throw new Error(`esbuild wrote nothing for ${entry}`);
  return output.contents;
}

/** Milliseconds a fresh Node process spends importing `file` (module evaluation included). */
async function initMs(file: string): Promise<number> {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
    cwd: tmpdir(),
    env: { ...process.env, AWS_REGION: "us-east-1", BUCKET: "bench", REGION_FUNCTION_NAME: "bench" },
  });
  return Number(stdout);
}

export interface HandlerFigures {
  bytes: number;
  initMsMedian: number;
  initMsRuns: number[];
  /** The same handler built with the SDK left to the runtime, and with literal schema keys. */
  sdkExternalBytes: number;
  literalSchemaKeysBytes: number;
}

/** Each handler's bundle size and median init time over `processes` fresh processes. */
export async function measureHandlers(
  processes: number,
): Promise<Record<keyof typeof HANDLERS, HandlerFigures>> {
  const dir = await mkdtemp(join(tmpdir(), "latest-ami-lambda-"));
  try {
    const figures: Partial<Record<keyof typeof HANDLERS, HandlerFigures>> = {};
    for (const [name, entry] of Object.entries(HANDLERS) as [keyof typeof HANDLERS, string][]) {
      const code = await bundleHandler(entry);
      const file = join(dir, `${name}.mjs`);
      await writeFile(file, code);
      const runs: number[] = [];
      for (let i = 0; i < processes; i++) runs.push(await initMs(file));
      figures[name] = {
        bytes: code.byteLength,
        initMsMedian: median(runs),
        initMsRuns: runs.map((ms) => Math.round(ms)),
        sdkExternalBytes: (await bundleHandler(entry, "sdk-external")).byteLength,
        literalSchemaKeysBytes: (await bundleHandler(entry, "literal-schema-keys")).byteLength,
      };
    }
    return figures as Record<keyof typeof HANDLERS, HandlerFigures>;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
