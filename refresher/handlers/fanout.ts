import { DescribeRegionsCommand } from "@aws-sdk/client-ec2";
import { InvokeCommand } from "@aws-sdk/client-lambda";
import { isRegionName } from "../../contract/regions.ts";
import { homeEc2Client, lambdaClient, s3Client } from "../clients.ts";
import { describeError } from "../errors.ts";
import { logJson } from "../log.ts";
import { regionFunctionName, storeSettings } from "../settings.ts";
import { putRegionList } from "../store.ts";

export interface FanoutReport {
  regions: number;
  invoked: number;
  failed: Record<string, string>;
}

/**
 * The scheduled function: lists the account's enabled regions and fires one asynchronous region
 * refresh for each, all at once, so a slow or failing region holds up no other. It also writes
 * `<prefix>/regions.json`. One region's invoke failing does not stop the rest.
 */
export async function handler(): Promise<FanoutReport> {
  const ec2 = homeEc2Client();
  const lambda = lambdaClient();
  const s3 = s3Client();
  const functionName = regionFunctionName();
  const store = storeSettings();
  const answer = await ec2.send(new DescribeRegionsCommand({}));
  const regions = (answer.Regions ?? [])
    .map((r) => r.RegionName)
    .filter((name): name is string => name !== undefined && isRegionName(name))
    .sort();

  const outcomes = await Promise.allSettled(
    regions.map((region) =>
      lambda.send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: "Event",
          Payload: new TextEncoder().encode(JSON.stringify({ region })),
        }),
      ),
    ),
  );
  const failed: Record<string, string> = {};
  regions.forEach((region, i) => {
    const outcome = outcomes[i];
    if (outcome?.status === "rejected") failed[region] = describeError(outcome.reason);
  });
  await putRegionList(s3, store, { Regions: regions, GeneratedAt: new Date().toISOString() });

  const report = { regions: regions.length, invoked: regions.length - Object.keys(failed).length, failed };
  logJson(Object.keys(failed).length ? "warn" : "info", "fan-out done", { ...report });
  return report;
}
