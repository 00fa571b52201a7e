import { mkdirSync, rmSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { writeReportSection } from "./report.ts";

/** The reliability report: fault suites and the soak each own a section of it. */
export const RELIABILITY_REPORT = fileURLToPath(new URL("./RELIABILITY.md", import.meta.url));

/**
 * Whether the test suites write their sections (`npm run reliability` sets WRITE_REPORTS=1). A plain
 * `npm test` computes every section but writes none, so it never changes a tracked file.
 */
export function testReportsRequested(): boolean {
  return process.env.WRITE_REPORTS === "1";
}

/** A lock older than this was left by a writer that died; writing a section takes milliseconds. */
const STALE_LOCK_MS = 30_000;
const RETRY_MS = 20;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function isAlreadyThere(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "EEXIST";
}

/**
 * Replaces section `name` of bench/RELIABILITY.md. The suites that write it run in parallel
 * processes, and writeReportSection reads, then writes the whole file: without a lock two writers
 * finishing together would each keep only their own section. The lock is a directory (mkdir is
 * atomic) beside the report.
 * @example writeReliabilitySection("soak", "## Soak\n\n...")
 */
export function writeReliabilitySection(name: string, markdown: string, path = RELIABILITY_REPORT): void {
  const lock = `${path}.lock`;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if (!isAlreadyThere(error)) throw error;
      let age = 0;
      try {
        age = Date.now() - statSync(lock).mtimeMs;
      } catch {
        continue; // released between the two calls
      }
      if (age > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
      else sleepSync(RETRY_MS);
    }
  }
  try {
    writeReportSection(path, name, markdown);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
