import { execFile } from "node:child_process";
import { availableParallelism, cpus, totalmem } from "node:os";
import { promisify } from "node:util";
import { workerdVersion } from "./workerd.ts";

const run = promisify(execFile);

/** The first line a command prints (stdout or stderr), or "not installed". */
async function versionOf(command: string, args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run(command, args);
    return (stdout.trim() || stderr.trim()).split("\n")[0] ?? "";
  } catch (error) {
    // nginx -v prints to stderr and exits 0; wrk --version exits 1 after printing its version.
    const output = error as { stdout?: string; stderr?: string; code?: unknown };
    const text = `${output.stdout ?? ""}${output.stderr ?? ""}`.trim();
    return text && output.code !== "ENOENT" ? (text.split("\n")[0] ?? "") : "not installed";
  }
}

/** What a reader needs to compare these figures with theirs: cores, CPU, memory, tool versions. */
export async function machineFacts(): Promise<[string, string][]> {
  const [workerd, nginx, wrk] = await Promise.all([
    workerdVersion(),
    versionOf("nginx", ["-v"]),
    versionOf("wrk", ["--version"]),
  ]);
  return [
    ["cores (nproc)", String(availableParallelism())],
    ["CPU", cpus()[0]?.model ?? "unknown"],
    ["memory", `${(totalmem() / 2 ** 30).toFixed(1)} GiB`],
    ["node", process.version],
    ["workerd", workerd],
    ["nginx", nginx],
    ["wrk", wrk.replace(/\s+Copyright.*$/, "")],
  ];
}
