/**
 * `npm start`: the whole system on loopback, with no AWS account. Starts the local AWS endpoint
 * and local S3, runs one full refresh through the fan-out path (fan-out function → Lambda Invoke
 * Event → region functions), then serves the Worker with `wrangler dev` until Ctrl-C.
 *
 * Settings: PORT (Worker, default 8787), AWS_PORT (default 4566), S3_PORT (default 4568),
 * `--catalogue DIR` or LOCAL_AWS_CATALOGUE (default: the project's AWS snapshot), CACHE_TTL_S (the
 * Worker's, default 300). The Worker's edge cache lives in a folder of this run's, removed on exit:
 * a run never answers from the copies an earlier one (perhaps of another catalogue) stored.
 */
import "./quiet.ts";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { describeError } from "../refresher/errors.ts";
import { handler as fanout } from "../refresher/handlers/fanout.ts";
import { checkCatalogue } from "./aws/catalogue.ts";
import { assertPortFree } from "./ports.ts";
import { type LocalStack, startLocalStack } from "./stack.ts";

const HOST = "127.0.0.1";
/** How long wrangler dev may take to answer its first request. */
const WORKER_READY_TIMEOUT_MS = 45_000;
const READY_POLL_MS = 250;

function port(variable: string, fallback: number): number {
  const raw = process.env[variable];
  const value = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65_535)
    throw new Error(`${variable} must be a port number`);
  return value;
}

async function waitForWorker(url: string, worker: ChildProcess): Promise<void> {
  const deadline = Date.now() + WORKER_READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (worker.exitCode !== null) throw new Error(`wrangler dev exited with code ${worker.exitCode}`);
    try {
      const response = await fetch(url);
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
  }
  throw new Error(`the Worker did not answer at ${url} within ${WORKER_READY_TIMEOUT_MS / 1000} s`);
}

/** The `export …` line that points another shell's SDK programs at the local stack. */
function localEnvironment(stack: LocalStack): string {
  const { REGION_FUNCTION_NAME: _, ...sdk } = stack.environment;
  return `export ${Object.entries(sdk)
    .map(([name, value]) => `${name}=${value}`)
    .join(" ")}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { catalogue: { type: "string" } } });
  const workerPort = port("PORT", 8787);
  const awsPort = port("AWS_PORT", 4566);
  const s3Port = port("S3_PORT", 4568);
  await assertPortFree(HOST, workerPort);
  process.env.LOG_LEVEL ??= "warn";

  const started = performance.now();
  const catalogueDir = values.catalogue ?? process.env.LOCAL_AWS_CATALOGUE;
  if (catalogueDir !== undefined) checkCatalogue(catalogueDir);
  // A region's latest outcome: Lambda retries a failed invocation, so a region can fail, then succeed.
  const outcomes = new Map<string, "ok" | "failed">();
  let total = 0;
  const count = (wanted: "ok" | "failed") => [...outcomes.values()].filter((o) => o === wanted).length;
  const stack = await startLocalStack({
    host: HOST,
    awsPort,
    s3Port,
    catalogueDir,
    onRegionDone: (event, outcome) => {
      const region =
        typeof event === "object" && event !== null && "region" in event ? String(event.region) : "?";
      outcomes.set(region, outcome.ok ? "ok" : "failed");
      const failing = count("failed");
      const progress = `refreshing regions: ${outcomes.size}/${total || "…"}${failing ? ` (${failing} failing)` : ""}`;
      // A terminal gets one line that counts up; a log gets a line an invocation.
      if (process.stdout.isTTY) process.stdout.write(`\r${progress}`);
      else
        console.log(`${progress}  ${region}${outcome.ok ? "" : ` FAILED: ${describeError(outcome.error)}`}`);
    },
  });
  let worker: ChildProcess | undefined;
  let stopping = false;
  const workerState = mkdtempSync(join(tmpdir(), "latest-ami-worker-state-"));
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    worker?.kill("SIGTERM");
    await stack.close();
    rmSync(workerState, { recursive: true, force: true });
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));

  try {
    console.log(`local AWS endpoint  ${stack.aws.url}  (EC2, SSM, Lambda)`);
    console.log(`local S3            ${stack.s3.url}  (bucket ${process.env.BUCKET})`);
    const fanned = await fanout();
    total = fanned.regions;
    await stack.aws.idle();
    if (process.stdout.isTTY) process.stdout.write("\n");
    if (count("ok") === 0) throw new Error("no region could be refreshed; see the failures above");
    const failedRegions = [...outcomes]
      .filter(([, outcome]) => outcome === "failed")
      .map(([region]) => region);
    console.log(
      `refreshed ${count("ok")} of ${total} regions through the fan-out in ${Math.round(performance.now() - started)} ms` +
        (failedRegions.length ? `; failed after retries: ${failedRegions.join(", ")}` : ""),
    );

    console.log("starting the Worker (wrangler dev) ...");
    worker = spawn(
      "wrangler",
      [
        "dev",
        "--ip",
        HOST,
        "--port",
        String(workerPort),
        "--var",
        `ORIGIN_URL:${stack.originUrl}`,
        ...(process.env.CACHE_TTL_S === undefined ? [] : ["--var", `CACHE_TTL_S:${process.env.CACHE_TTL_S}`]),
        "--persist-to",
        workerState,
        "--show-interactive-dev-session=false",
        "--log-level",
        "warn",
      ],
      // No internet here: wrangler would try to fetch a Request.cf sample and warn; its placeholder does.
      {
        stdio: ["ignore", "inherit", "inherit"],
        env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false" },
      },
    );
    const base = `http://${HOST}:${workerPort}`;
    await waitForWorker(`${base}/latest/us-east-1?field=ImageId`, worker);
    worker.on("exit", (code) => {
      if (stopping) return;
      console.error(`wrangler dev exited (${code}); stopping`);
      void stop(1);
    });
    console.log(`
latest-ami is up in ${((performance.now() - started) / 1000).toFixed(1)} s.

  Worker   ${base}/latest/us-east-1
  S3       ${stack.originUrl}/us-east-1.json

Try:
  curl -s "${base}/latest/us-east-1?field=ImageId"
  curl -s "${base}/latest/eu-west-1/al2023-arm64?field=ImageId"
  curl -s ${base}/latest/us-east-1

To refresh again, or to use the AWS SDK or CLI against the local endpoints, from another shell:
  ${localEnvironment(stack)}
  npm run refresh -- --region eu-west-1

Ctrl-C stops everything.`);
  } catch (error) {
    console.error(`\nnpm start: ${describeError(error)}`);
    await stop(1);
  }
}

main().catch((error: unknown) => {
  console.error(`npm start: ${describeError(error)}`);
  process.exit(1);
});
