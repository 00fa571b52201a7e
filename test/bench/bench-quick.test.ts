import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = new URL("../../", import.meta.url).pathname;

/** wrk, nginx and taskset are Debian packages (.ci/run installs them); the bench cannot run without them. */
async function missingTools(): Promise<string[]> {
  const missing: string[] = [];
  for (const command of ["wrk", "nginx", "taskset"]) {
    try {
      await run("sh", ["-c", `command -v ${command}`]);
    } catch {
      missing.push(command);
    }
  }
  return missing;
}

let dir: string;
let results = "";

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "latest-ami-bench-test-"));
  const missing = await missingTools();
  if (missing.length > 0) {
    throw new Error(`the bench needs ${missing.join(", ")}: apt-get install -y wrk nginx util-linux`);
  }
  const out = join(dir, "RESULTS.md");
  // Prepare: the bench in quick mode, as a child process, writing to a temporary file (never bench/RESULTS.md).
  await run(process.execPath, ["bench/bench.ts", "--quick", "--out", out], {
    cwd: ROOT,
    maxBuffer: 16 << 20,
    timeout: 150_000,
  });
  results = await readFile(out, "utf8");
}, 180_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The cells of the table row whose first cell starts with `label`. */
function row(label: string): string[] {
  const line = results.split("\n").find((l) => l.startsWith(`| ${label}`));
  if (!line) throw new Error(`no row "${label}" in:\n${results}`);
  return line
    .split("|")
    .slice(1, -1)
    .map((cell) => cell.trim());
}

const number = (cell: string | undefined) => Number((cell ?? "").replace(/[^\d.]/g, ""));

describe("npm run bench -- --quick", () => {
  it("writes every section, inside its generated-section markers", () => {
    expect(results).toMatch(/^<!-- section:figures -->\n## Figures \(quick run\)/);
    for (const heading of [
      "### Serving (wrk on loopback)",
      "### Origin amplification",
      "### Refresher, 100 ms added to every AWS call",
      "### Sizes and start-up",
      "### Targets",
    ]) {
      expect(results).toContain(heading);
    }
    expect(results.trimEnd()).toMatch(/<!-- \/section:figures -->$/);
  });

  it("measures all six serving targets with req/s, p50 and p99, and no errors", () => {
    for (const label of [
      "a. nginx",
      "b. hello-world",
      "b′. hello-world",
      "c. our Worker, warm, `?field",
      "c. our Worker, warm, full",
      "d. our Worker",
    ]) {
      const [, rps, p50, p99, , p99Rounds, errors] = row(label);
      expect(number(rps)).toBeGreaterThan(0);
      expect(number(p50)).toBeGreaterThan(0);
      expect(number(p99)).toBeGreaterThanOrEqual(number(p50));
      expect(p99Rounds?.split(", ")).toHaveLength(2);
      expect(errors).toBe("0");
    }
    for (const label of [
      "c/b, `?field",
      "c's p99 / b's",
      "c/b′",
      "c's p99 / b′'s",
      "b′/b",
      "c/a, `?field",
      "d/c",
    ]) {
      expect(number(row(label)[1])).toBeGreaterThan(0);
    }
  });

  it("measures the floors and our warm answer again at 8 connections", () => {
    expect(results).toContain("at 8 connections (where a request");
    for (const label of ["b. hello-world", "b′. hello-world", "c. our Worker, warm, `?field"]) {
      const rows = results.split("\n").filter((line) => line.startsWith(`| ${label}`));
      expect(rows, label).toHaveLength(2);
    }
    for (const label of ["c's p99 / b's p99 at 8 connections", "c's p99 / b′'s p99 at 8 connections"]) {
      expect(number(row(label)[1])).toBeGreaterThan(0);
    }
  });

  it("counts origin GETs for the burst: at least one a region, every answer a 200", () => {
    const [requests, gets, floor, failures] = row("2,000");
    expect(requests).toBe("2,000");
    expect(floor).toBe("30");
    expect(number(gets)).toBeGreaterThanOrEqual(30);
    expect(failures).toBe("0");
  });

  it("times both resolvers and counts their AWS calls by action", () => {
    const refresher = row("refresher (fan-out");
    expect(number(refresher[1])).toBeGreaterThan(0);
    expect(refresher[2]).toContain("ec2:DescribeRegions 1");
    expect(refresher[2]).toContain("lambda:Invoke 30");
    expect(refresher[2]).toContain("ec2:DescribeImages 60");
    const seed = row("seed-style");
    expect(seed[2]).toContain("ec2:DescribeImages 300");
    expect(seed[3]).toMatch(/^\d+ of 300$/);
  });

  it("sizes the Worker and both Lambda bundles and times each handler's init", () => {
    expect(number(row("Worker (wrangler")[2])).toBeGreaterThan(1);
    for (const label of ["region function", "fan-out function"]) {
      const [, size, , init, runs] = row(label);
      expect(number(size)).toBeGreaterThan(100);
      expect(number(init)).toBeGreaterThan(0);
      expect(runs?.split(", ")).toHaveLength(3);
    }
  });
});
