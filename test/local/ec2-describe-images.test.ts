import { DescribeImagesCommand, type Image, paginateDescribeImages } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalAws, startLocalAws } from "../../local/aws/server.ts";
import { snapshotRegion } from "../support/snapshot.ts";
import { ec2Client, rejectionOf } from "./clients.ts";

const ECS_OWNER = "591542846629";
const AMAZON_LINUX_OWNER = "137112412989";

let aws: LocalAws;

beforeAll(async () => {
  aws = await startLocalAws();
});

afterAll(async () => {
  await aws.close();
});

async function namesMatching(pattern: string): Promise<string[]> {
  const answer = await ec2Client(aws.url, "us-east-1").send(
    new DescribeImagesCommand({ Owners: ["amazon"], Filters: [{ Name: "name", Values: [pattern] }] }),
  );
  return (answer.Images ?? []).map((image) => image.Name ?? "").sort();
}

describe("DescribeImages", () => {
  it("pages five at a time through all 1107 ECS images of us-east-1, none twice", async () => {
    const client = ec2Client(aws.url, "us-east-1");
    const images: Image[] = [];
    let pages = 0;

    for await (const page of paginateDescribeImages(
      { client, pageSize: 5 },
      { Owners: [ECS_OWNER], IncludeDeprecated: true },
    )) {
      images.push(...(page.Images ?? []));
      pages++;
    }

    const expected = snapshotRegion("us-east-1").Images.filter((image) => image.OwnerId === ECS_OWNER);
    expect(images).toHaveLength(1107);
    expect(images).toHaveLength(expected.length);
    expect(new Set(images.map((image) => image.ImageId)).size).toBe(1107);
    expect(pages).toBe(Math.ceil(1107 / 5));
  });

  it("parses every field of an image into the SDK's Image shape", async () => {
    const answer = await ec2Client(aws.url, "us-east-1").send(
      new DescribeImagesCommand({ ImageIds: ["ami-0006118602dfc1c09"] }),
    );

    expect(answer.Images).toEqual([
      {
        ImageId: "ami-0006118602dfc1c09",
        ImageLocation: "amazon/al2023-ami-2023.12.20260727.0-kernel-6.1-x86_64",
        State: "available",
        OwnerId: AMAZON_LINUX_OWNER,
        CreationDate: "2026-07-27T00:00:00.000Z",
        Public: true,
        Architecture: "x86_64",
        ImageType: "machine",
        SriovNetSupport: "simple",
        ImageOwnerAlias: "amazon",
        Name: "al2023-ami-2023.12.20260727.0-kernel-6.1-x86_64",
        Description: "Amazon Linux 2023 AMI 2023.12.20260727.0 x86_64 HVM kernel-6.1",
        RootDeviceType: "ebs",
        RootDeviceName: "/dev/xvda",
        VirtualizationType: "hvm",
        Hypervisor: "xen",
      },
    ]);
  });

  it("reports a Windows image's platform and the date from its dotted stamp", async () => {
    const answer = await ec2Client(aws.url, "us-east-1").send(
      new DescribeImagesCommand({ ImageIds: ["ami-884e41f7"] }),
    );

    expect(answer.Images?.[0]?.Platform).toBe("windows");
    expect(answer.Images?.[0]?.CreationDate).toBe("2018-07-25T00:00:00.000Z");
  });

  it("leaves out CreationDate when the name carries no date", async () => {
    const answer = await ec2Client(aws.url, "ap-northeast-1").send(
      new DescribeImagesCommand({
        Filters: [{ Name: "name", Values: ["amzn-ami-2018.03.?-amazon-ecs-optimized"] }],
      }),
    );

    expect(answer.Images).toHaveLength(23);
    expect(answer.Images?.filter((image) => image.CreationDate !== undefined)).toEqual([]);
  });

  it("matches a name filter with * against the whole name", async () => {
    expect(await namesMatching("al2023-ami-2023.*-kernel-6.1-x86_64")).toEqual([
      "al2023-ami-2023.12.20260727.0-kernel-6.1-x86_64",
    ]);
  });

  it("matches ? as exactly one character", async () => {
    expect(await namesMatching("al2023-ami-2023.12.20260727.0-kernel-6.1?-x86_64")).toEqual([
      "al2023-ami-2023.12.20260727.0-kernel-6.12-x86_64",
      "al2023-ami-2023.12.20260727.0-kernel-6.18-x86_64",
    ]);
  });

  it("takes . in a name filter literally", async () => {
    expect(await namesMatching("al2023-ami-2023.12.20260727.0-kernel-6.1-x86.64")).toEqual([]);
    expect(await namesMatching("al2023-ami-2023a12*")).toEqual([]);
  });

  it("ANDs filters and ORs values within one", async () => {
    const answer = await ec2Client(aws.url, "us-east-1").send(
      new DescribeImagesCommand({
        Filters: [
          { Name: "name", Values: ["al2023-ami-2023.*", "al2023-ami-minimal-2023.*"] },
          { Name: "architecture", Values: ["arm64"] },
          { Name: "owner-alias", Values: ["amazon"] },
        ],
      }),
    );

    expect(answer.Images?.map((image) => image.Name).sort()).toEqual([
      "al2023-ami-2023.12.20260727.0-kernel-6.1-arm64",
      "al2023-ami-2023.12.20260727.0-kernel-6.12-arm64",
      "al2023-ami-2023.12.20260727.0-kernel-6.18-arm64",
      "al2023-ami-minimal-2023.12.20260727.0-kernel-6.1-arm64",
      "al2023-ami-minimal-2023.12.20260727.0-kernel-6.12-arm64",
      "al2023-ami-minimal-2023.12.20260727.0-kernel-6.18-arm64",
    ]);
  });

  it("answers InvalidAMIID.NotFound for an ImageId the region does not have", async () => {
    const error = await rejectionOf(
      ec2Client(aws.url, "us-east-1").send(
        new DescribeImagesCommand({ ImageIds: ["ami-0006118602dfc1c09", "ami-00000000000000000"] }),
      ),
    );

    expect(error.name).toBe("InvalidAMIID.NotFound");
    expect(error.message).toBe("The image id '[ami-00000000000000000]' does not exist");
  });

  it("answers InvalidAMIID.Malformed for an id that is not an AMI id", async () => {
    const error = await rejectionOf(
      ec2Client(aws.url, "us-east-1").send(new DescribeImagesCommand({ ImageIds: ["i-0123456789abcdef0"] })),
    );

    expect(error.name).toBe("InvalidAMIID.Malformed");
  });

  it("returns only the known image for an image-id filter naming one known and one unknown", async () => {
    const answer = await ec2Client(aws.url, "eu-west-1").send(
      new DescribeImagesCommand({
        Filters: [{ Name: "image-id", Values: ["ami-0ab117b5527d5fe24", "ami-00000000000000000"] }],
      }),
    );

    expect(answer.Images?.map((image) => image.ImageId)).toEqual(["ami-0ab117b5527d5fe24"]);
  });

  it("refuses MaxResults below 5", async () => {
    const error = await rejectionOf(
      ec2Client(aws.url, "us-east-1").send(new DescribeImagesCommand({ Owners: ["amazon"], MaxResults: 4 })),
    );

    expect(error.name).toBe("InvalidParameterValue");
  });

  it("refuses MaxResults together with ImageIds", async () => {
    const error = await rejectionOf(
      ec2Client(aws.url, "us-east-1").send(
        new DescribeImagesCommand({ ImageIds: ["ami-0006118602dfc1c09"], MaxResults: 5 }),
      ),
    );

    expect(error.name).toBe("InvalidParameterCombination");
  });

  it("selects by owner account and by the amazon alias alike", async () => {
    const client = ec2Client(aws.url, "us-east-1");
    const byAccount = await client.send(new DescribeImagesCommand({ Owners: [AMAZON_LINUX_OWNER] }));
    const byAlias = await client.send(
      new DescribeImagesCommand({
        Owners: ["amazon"],
        Filters: [{ Name: "owner-id", Values: [AMAZON_LINUX_OWNER] }],
      }),
    );

    const expected = snapshotRegion("us-east-1").Images.filter(
      (image) => image.OwnerId === AMAZON_LINUX_OWNER,
    );
    expect(byAccount.Images).toHaveLength(expected.length);
    expect(byAlias.Images?.map((image) => image.ImageId)).toEqual(
      byAccount.Images?.map((image) => image.ImageId),
    );
  });

  it("refuses a filter EC2 does not know", async () => {
    const error = await rejectionOf(
      ec2Client(aws.url, "us-east-1").send(
        new DescribeImagesCommand({ Filters: [{ Name: "colour", Values: ["blue"] }] }),
      ),
    );

    expect(error.name).toBe("InvalidParameterValue");
    expect(error.message).toBe("The filter 'colour' is invalid");
  });
});
