import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, type CfnElement } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { BUNDLING_STACKS } from "aws-cdk-lib/cx-api";
import type { IConstruct } from "constructs";
import { build, type ImportKind } from "esbuild";
import { LatestAmiStack, type LatestAmiStackProps } from "../../infra/stack.ts";

/** The context `cdk synth` uses (feature flags included), so the tests assert the template that deploys. */
const CDK_CONTEXT = JSON.parse(readFileSync(new URL("../../cdk.json", import.meta.url), "utf8")).context;

export interface Synthesized {
  stack: LatestAmiStack;
  template: Template;
  /** The cloud assembly directory: the bundled assets are in it. */
  outdir: string;
  /** A token (ARN, name, Ref) as it appears in the template. */
  resolve: (value: unknown) => unknown;
  logicalId: (construct: IConstruct) => string;
}

const outdirs: string[] = [];

/**
 * One synth of the stack into a directory of its own; a test file synthesizes in beforeAll and
 * asserts the template. `bundle: false` skips esbuild (as `cdk synth --exclusively` does for
 * other stacks) where a test never looks at the code: the template is otherwise the same.
 */
export function synth(props: Partial<LatestAmiStackProps> = {}, { bundle = false } = {}): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), "latest-ami-cdk-"));
  outdirs.push(outdir);
  const app = new App({ context: { ...CDK_CONTEXT, [BUNDLING_STACKS]: bundle ? ["**"] : [] }, outdir });
  const stack = new LatestAmiStack(app, "LatestAmi", { prefix: "v1", publicRead: false, ...props });
  return {
    stack,
    template: Template.fromStack(stack),
    outdir,
    resolve: (value) => stack.resolve(value),
    logicalId: (construct) => stack.getLogicalId(construct.node.defaultChild as CfnElement),
  };
}

/** Deletes every cloud assembly this file's synths wrote (for afterAll). */
export function removeSynthOutputs(): void {
  for (const outdir of outdirs.splice(0)) rmSync(outdir, { recursive: true, force: true });
}

/** One import of a JavaScript file: what, and whether at load (`import-statement`) or by `import()`. */
export interface ImportRecord {
  path: string;
  kind: ImportKind;
}

/** What a JavaScript file imports (static and dynamic), as esbuild parses it. */
export async function importsOf(file: string): Promise<ImportRecord[]> {
  const { metafile } = await build({
    entryPoints: [file],
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  return Object.values(metafile.inputs).flatMap((input) =>
    input.imports.map(({ path, kind }) => ({ path, kind })),
  );
}
