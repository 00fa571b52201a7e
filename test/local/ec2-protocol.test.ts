import { DescribeImagesCommand, DescribeRegionsCommand } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalAws, startLocalAws } from "../../local/aws/server.ts";
import { ec2Client, rejectionOf, scopeHeader } from "./clients.ts";

let aws: LocalAws;

beforeAll(async () => {
  aws = await startLocalAws();
});

afterAll(async () => {
  await aws.close();
});

/** A raw EC2 Query request, for what the SDK would never send. */
function ec2Post(form: string, region = "us-east-1"): Promise<Response> {
  return fetch(aws.url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: scopeHeader(region, "ec2"),
    },
    body: form,
  });
}

describe("DescribeRegions", () => {
  it("lists the 30 enabled regions of the catalogue with their opt-in status", async () => {
    const answer = await ec2Client(aws.url, "us-east-1").send(new DescribeRegionsCommand({}));

    expect(answer.Regions).toHaveLength(30);
    expect(answer.Regions?.find((region) => region.RegionName === "us-east-1")).toEqual({
      RegionName: "us-east-1",
      Endpoint: "ec2.us-east-1.amazonaws.com",
      OptInStatus: "opt-in-not-required",
    });
    expect(answer.Regions?.find((region) => region.RegionName === "af-south-1")?.OptInStatus).toBe(
      "opted-in",
    );
    expect(answer.Regions?.filter((region) => region.OptInStatus === "opted-in")).toHaveLength(13);
  });

  it("narrows to the regions named", async () => {
    const answer = await ec2Client(aws.url, "us-east-1").send(
      new DescribeRegionsCommand({ RegionNames: ["eu-west-1", "ap-southeast-5"], AllRegions: true }),
    );

    expect(answer.Regions?.map((region) => region.RegionName)).toEqual(["ap-southeast-5", "eu-west-1"]);
  });

  it("filters by opt-in status", async () => {
    const answer = await ec2Client(aws.url, "us-east-1").send(
      new DescribeRegionsCommand({ Filters: [{ Name: "opt-in-status", Values: ["opt-in-not-required"] }] }),
    );

    expect(answer.Regions).toHaveLength(17);
  });
});

describe("EC2 protocol", () => {
  it("takes the region from the signing scope: the same request answers each region's image", async () => {
    const request = {
      Owners: ["amazon"],
      Filters: [{ Name: "name", Values: ["al2023-ami-2023.*-kernel-6.1-arm64"] }],
    };

    const east = await ec2Client(aws.url, "us-east-1").send(new DescribeImagesCommand(request));
    const west = await ec2Client(aws.url, "eu-west-1").send(new DescribeImagesCommand(request));

    expect(east.Images?.map((image) => image.ImageId)).toEqual(["ami-04fc404d256fd34a2"]);
    expect(west.Images?.map((image) => image.ImageId)).toEqual(["ami-0ab117b5527d5fe24"]);
  });

  it("answers a region outside the catalogue with AuthFailure, as AWS does for a region not enabled", async () => {
    const error = await rejectionOf(ec2Client(aws.url, "mx-central-1").send(new DescribeRegionsCommand({})));

    expect(error.name).toBe("AuthFailure");
    expect(error.message).toBe("AWS was not able to validate the provided access credentials");
  });

  it("answers an unknown action with InvalidAction", async () => {
    const client = ec2Client(aws.url, "us-east-1");
    client.middlewareStack.add(
      (next) => async (args) => {
        const { request } = args;
        if (typeof request === "object" && request !== null && "body" in request) {
          Reflect.set(
            request,
            "body",
            String(request.body).replace("Action=DescribeRegions", "Action=DescribeUnicorns"),
          );
        }
        return next(args);
      },
      { step: "build", priority: "high" },
    );

    const error = await rejectionOf(client.send(new DescribeRegionsCommand({})));

    expect(error.name).toBe("InvalidAction");
    expect(error.message).toBe("The action DescribeUnicorns is not valid for this web service.");
  });

  it("puts the request id in the body and in the x-amzn-RequestId header", async () => {
    const response = await ec2Post("Action=DescribeRegions&Version=2016-11-15&RegionName.1=eu-west-1");
    const body = await response.text();

    const requestId = response.headers.get("x-amzn-requestid");
    expect(response.status).toBe(200);
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body).toContain(`<requestId>${requestId}</requestId>`);
    expect(body).toContain('<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">');
  });

  it("shapes errors as <Response><Errors><Error> with a RequestID", async () => {
    const response = await ec2Post("Action=DescribeImages&Version=2016-11-15&ImageId.1=ami-00000000");
    const body = await response.text();

    expect(response.status).toBe(400);
    expect(body).toContain(
      "<Response><Errors><Error><Code>InvalidAMIID.NotFound</Code><Message>The image id &apos;[ami-00000000]&apos; does not exist</Message></Error></Errors>",
    );
    expect(body).toContain(`<RequestID>${response.headers.get("x-amzn-requestid")}</RequestID></Response>`);
  });

  it("refuses a parameter the action does not take", async () => {
    const response = await ec2Post("Action=DescribeImages&Version=2016-11-15&ExecutableBy.1=all");

    expect(response.status).toBe(400);
    expect(await response.text()).toContain("<Code>UnknownParameter</Code>");
  });

  it("answers DryRun with DryRunOperation", async () => {
    const error = await rejectionOf(
      ec2Client(aws.url, "us-east-1").send(new DescribeImagesCommand({ Owners: ["amazon"], DryRun: true })),
    );

    expect(error.name).toBe("DryRunOperation");
  });
});
