/**
 * `npm run refresh -- [--region R ...] [--concurrency N]`: refreshes regions in this process, with
 * the same code the region function runs. Without --region, every region DescribeRegions lists.
 * AWS and S3 are whatever the standard SDK configuration points at.
 */
import { parseArgs } from "node:util";
import { DescribeRegionsCommand } from "@aws-sdk/client-ec2";
import pMap from "p-map";
import { isRegionName } from "../contract/regions.ts";
import { homeEc2Client, regionClients, s3Client } from "./clients.ts";
import { describeError } from "./errors.ts";
import { refreshRegion } from "./refresh-region.ts";
import { patternFamilies, storeSettings } from "./settings.ts";

/** Regions refreshed at once: enough to hide AWS's latency, few enough not to be throttled. */
const DEFAULT_CONCURRENCY = 8;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      region: { type: "string", multiple: true },
      concurrency: { type: "string", default: String(DEFAULT_CONCURRENCY) },
    },
  });
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new Error("--concurrency must be a whole number ≥ 1");
  const store = storeSettings();
  const definitions = patternFamilies();
  const ec2 = homeEc2Client();
  const s3 = s3Client();
  const regions =
    values.region ??
    ((await ec2.send(new DescribeRegionsCommand({}))).Regions ?? [])
      .flatMap((r) => r.RegionName ?? [])
      .sort();
  const invalid = regions.filter((region) => !isRegionName(region));
  if (invalid.length) throw new Error(`not AWS region names: ${invalid.join(", ")}`);

  let done = 0;
  let failures = 0;
  await pMap(
    regions,
    async (region) => {
      let line: string;
      try {
        const report = await refreshRegion(region, regionClients(region), {
          s3,
          store,
          patternFamilies: definitions,
        });
        const { families, changed, stale, unresolved, durationMs } = report;
        line = `ok     ${region.padEnd(16)} ${families} families, ${changed.length} changed, ${stale.length} stale, ${unresolved.length} unresolved, ${durationMs} ms`;
      } catch (error) {
        failures += 1;
        line = `FAILED ${region.padEnd(16)} ${describeError(error)}`;
      }
      done += 1;
      console.log(`[${String(done).padStart(2)}/${regions.length}] ${line}`);
    },
    { concurrency },
  );
  console.log(
    `${regions.length - failures} of ${regions.length} regions refreshed into s3://${store.bucket}/${store.prefix}`,
  );
  return failures ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`refresh: ${describeError(error)}`);
    process.exit(2);
  },
);
