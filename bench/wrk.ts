/**
 * wrk (the Debian package) run as a child process, and its summary parsed: requests a second and
 * the latency percentiles of `--latency`. Pinned to one core with taskset when the machine has
 * more than one, so the load generator and the server under test do not trade a core.
 */
import { execFile } from "node:child_process";
import { availableParallelism } from "node:os";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface WrkOptions {
  url: string;
  seconds: number;
  threads: number;
  connections: number;
  /** CPU list for taskset, e.g. "1"; none: unpinned. */
  cpus?: string;
}

export interface WrkResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Non-2xx/3xx answers and socket errors together; a sane run has none. */
  errors: number;
}

const UNIT_MS: Readonly<Record<string, number>> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

/** "1.23ms" → 1.23; "850.00us" → 0.85. */
export function durationMs(text: string): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  const unit = match?.[2];
  if (!match || unit === undefined) throw new Error(`wrk printed an unreadable duration: ${text}`);
  return Number(match[1]) * (UNIT_MS[unit] ?? Number.NaN);
}

/** The figures of wrk's `--latency` summary. */
export function parseWrk(output: string): WrkResult {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output)?.[1];
  const p50 = /^\s+50%\s+(\S+)/m.exec(output)?.[1];
  const p99 = /^\s+99%\s+(\S+)/m.exec(output)?.[1];
  const requests = /(\d+) requests in/.exec(output)?.[1];
  if (rps === undefined || p50 === undefined || p99 === undefined || requests === undefined) {
    throw new Error(`wrk's output has no summary:\n${output}`);
  }
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(output)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  return {
    requestsPerSecond: Number(rps),
    p50Ms: durationMs(p50),
    p99Ms: durationMs(p99),
    requests: Number(requests),
    errors: non2xx + socketErrors,
  };
}

/** Runs wrk once and returns its figures. */
export async function wrk(options: WrkOptions): Promise<WrkResult> {
  const args = [
    `-t${options.threads}`,
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    "--latency",
    options.url,
  ];
  const [command, fullArgs] =
    options.cpus !== undefined ? ["taskset", ["-c", options.cpus, "wrk", ...args]] : ["wrk", args];
  const { stdout } = await run(command, fullArgs, { maxBuffer: 1 << 20 });
  return parseWrk(stdout);
}

/**
 * The core plan on this machine: with two cores or more, the server under test on core 0 and wrk
 * on core 1; on one core, nothing pinned.
 */
export function corePlan(): { server?: string; load?: string } {
  return availableParallelism() >= 2 ? { server: "0", load: "1" } : {};
}

/** Pins every thread of a running process to `cpus` (taskset -a -p). */
export async function pin(pid: number, cpus: string | undefined): Promise<void> {
  if (cpus === undefined) return;
  await run("taskset", ["-a", "-c", "-p", cpus, String(pid)]);
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
