import { DescribeImagesCommand, type EC2Client, type Filter, type Image } from "@aws-sdk/client-ec2";
import { GetParametersByPathCommand, type Parameter, type SSMClient } from "@aws-sdk/client-ssm";

/** GetParametersByPath answers at most 10 a page; asking for the maximum keeps the walk short. */
export const SSM_PAGE_SIZE = 10;
/** EC2 filters take at most 200 values; one call covers a region's ~60 distinct images. */
const IMAGE_ID_FILTER_LIMIT = 200;
/** DescribeImages' largest page. */
const EC2_PAGE_SIZE = 1000;

/** Counts of AWS calls by action, for the refresh's log line. */
export type CallCounts = Record<string, number>;

function count(calls: CallCounts, action: string): void {
  calls[action] = (calls[action] ?? 0) + 1;
}

/**
 * Every parameter below `path` (recursive), all pages. Any page failing fails the walk: a
 * partial walk must never look like a complete one.
 */
export async function walkParameters(
  ssm: SSMClient,
  path: string,
  calls: CallCounts,
  abortSignal?: AbortSignal,
): Promise<Parameter[]> {
  const parameters: Parameter[] = [];
  let NextToken: string | undefined;
  do {
    count(calls, "GetParametersByPath");
    const page = await ssm.send(
      new GetParametersByPathCommand({ Path: path, Recursive: true, MaxResults: SSM_PAGE_SIZE, NextToken }),
      { abortSignal },
    );
    parameters.push(...(page.Parameters ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return parameters;
}

/**
 * The images with these IDs, deprecated ones included. Asked through the `image-id` filter, which
 * leaves out an image that no longer exists, where `ImageIds` would fail the whole call with
 * InvalidAMIID.NotFound.
 */
export async function describeImagesById(
  ec2: EC2Client,
  imageIds: readonly string[],
  calls: CallCounts,
  abortSignal?: AbortSignal,
): Promise<Image[]> {
  const images: Image[] = [];
  for (let start = 0; start < imageIds.length; start += IMAGE_ID_FILTER_LIMIT) {
    const Values = imageIds.slice(start, start + IMAGE_ID_FILTER_LIMIT);
    images.push(...(await describeImages(ec2, [{ Name: "image-id", Values }], calls, abortSignal)));
  }
  return images;
}

/**
 * Every image any pattern family could pick, in one paged DescribeImages for all of them: the
 * families' owners and name patterns as filters, available images only, deprecated ones included
 * (so a family whose every image is deprecated still resolves).
 */
export async function describePatternImages(
  ec2: EC2Client,
  owners: readonly string[],
  namePatterns: readonly string[],
  calls: CallCounts,
  abortSignal?: AbortSignal,
): Promise<Image[]> {
  const filters: Filter[] = [
    { Name: "owner-id", Values: [...owners] },
    { Name: "name", Values: [...namePatterns] },
    { Name: "state", Values: ["available"] },
  ];
  return describeImages(ec2, filters, calls, abortSignal);
}

/** Every page of one DescribeImages with `filters`, deprecated images included. */
async function describeImages(
  ec2: EC2Client,
  filters: Filter[],
  calls: CallCounts,
  abortSignal?: AbortSignal,
): Promise<Image[]> {
  const images: Image[] = [];
  let NextToken: string | undefined;
  do {
    count(calls, "DescribeImages");
    const page = await ec2.send(
      new DescribeImagesCommand({
        Filters: filters,
        IncludeDeprecated: true,
        MaxResults: EC2_PAGE_SIZE,
        NextToken,
      }),
      { abortSignal },
    );
    images.push(...(page.Images ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return images;
}
