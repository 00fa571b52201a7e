import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), "latest-ami-cdk-out-"));

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("npx cdk synth", () => {
  it("synthesizes the stack offline with the real CDK CLI and bundles both functions", async () => {
    await run("npx", ["cdk", "synth", "--quiet", "--output", out], { env: { ...process.env, CI: "true" } });
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as {
      artifacts: Record<string, { type: string }>;
    };
    const stacks = Object.entries(manifest.artifacts).filter(
      ([, artifact]) => artifact.type === "aws:cloudformation:stack",
    );
    expect(stacks.map(([name]) => name)).toEqual(["LatestAmi"]);
    const template = JSON.parse(readFileSync(join(out, "LatestAmi.template.json"), "utf8")) as {
      Resources: Record<string, { Type: string }>;
    };
    const functions = Object.values(template.Resources).filter((r) => r.Type === "AWS::Lambda::Function");
    expect(functions).toHaveLength(2);
  }, 120_000);
});
