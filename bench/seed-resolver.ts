/**
 * The baseline the refresher replaced, written here only to be measured against it: a resolver in
 * the seed's style, one DescribeImages name search (owner `amazon`, a name wildcard) per family
 * and region, newest CreationDate wins. It is what DESIGN.md says is slow and wrong (AL2023's
 * kernel 6.1, 6.12 and 6.18 images share a date; only SSM says which is the default), so the
 * bench also counts how often it agrees with AWS's SSM answer. Never used by the service.
 */
import { DescribeImagesCommand, DescribeRegionsCommand, type Image } from "@aws-sdk/client-ec2";
import type { RegionDocument } from "../contract/document.ts";
import { canonicalFamily } from "../contract/families.ts";
import { isRegionName } from "../contract/regions.ts";
import { homeEc2Client, regionClients } from "../refresher/clients.ts";

/** The seed's name searches, by alias: what a script without SSM would type. */
export const SEED_SEARCHES: Readonly<Record<string, string>> = {
  al2023: "al2023-ami-2023.*-kernel-6.1-x86_64",
  "al2023-arm64": "al2023-ami-2023.*-kernel-6.1-arm64",
  "al2023-minimal": "al2023-ami-minimal-2023.*-kernel-6.1-x86_64",
  "al2023-minimal-arm64": "al2023-ami-minimal-2023.*-kernel-6.1-arm64",
  al2: "amzn2-ami-kernel-5.10-hvm-2.0.*-x86_64-gp2",
  "al2-arm64": "amzn2-ami-kernel-5.10-hvm-2.0.*-arm64-gp2",
  "ecs-al2023": "al2023-ami-ecs-hvm-2023.*-kernel-6.1-x86_64",
  "ecs-al2023-arm64": "al2023-ami-ecs-hvm-2023.*-kernel-6.1-arm64",
  "ecs-al2": "amzn2-ami-ecs-hvm-2.0.*-x86_64-ebs",
  "ecs-al2-arm64": "amzn2-ami-ecs-hvm-2.0.*-arm64-ebs",
};

export interface SeedResolution {
  regions: number;
  families: number;
  /** region → alias → ImageId (or undefined when the search found nothing). */
  picks: Map<string, Map<string, string | undefined>>;
}

function newest(images: readonly Image[]): Image | undefined {
  return [...images].sort((a, b) => (b.CreationDate ?? "").localeCompare(a.CreationDate ?? ""))[0];
}

/** Lists the regions, then searches every family in every region, all at once. */
export async function seedResolve(): Promise<SeedResolution> {
  const answer = await homeEc2Client().send(new DescribeRegionsCommand({}));
  const regions = (answer.Regions ?? [])
    .map((r) => r.RegionName)
    .filter((name): name is string => name !== undefined && isRegionName(name))
    .sort();
  const picks = new Map<string, Map<string, string | undefined>>();
  await Promise.all(
    regions.flatMap((region) => {
      const byFamily = new Map<string, string | undefined>();
      picks.set(region, byFamily);
      return Object.entries(SEED_SEARCHES).map(async ([alias, name]) => {
        const images: Image[] = [];
        let NextToken: string | undefined;
        do {
          const page = await regionClients(region).ec2.send(
            new DescribeImagesCommand({
              Owners: ["amazon"],
              Filters: [
                { Name: "name", Values: [name] },
                { Name: "state", Values: ["available"] },
              ],
              NextToken,
            }),
          );
          images.push(...(page.Images ?? []));
          NextToken = page.NextToken;
        } while (NextToken);
        byFamily.set(alias, newest(images)?.ImageId);
      });
    }),
  );
  return { regions: regions.length, families: Object.keys(SEED_SEARCHES).length, picks };
}

/** How many of the seed's picks are the image AWS's SSM parameter names, as the refresher stored it. */
export function agreement(
  seed: SeedResolution,
  documents: ReadonlyMap<string, RegionDocument>,
): { agree: number; compared: number } {
  let agree = 0;
  let compared = 0;
  for (const [region, byFamily] of seed.picks) {
    const images = documents.get(region)?.Images ?? {};
    for (const [alias, imageId] of byFamily) {
      const truth = images[canonicalFamily(alias)]?.ImageId;
      if (truth === undefined) continue;
      compared++;
      if (truth === imageId) agree++;
    }
  }
  return { agree, compared };
}
