/**
 * The EC2 service: the Query protocol's `Action` field picks the operation; answers and errors
 * are XML.
 */
import { AwsError } from "../aws-error.ts";
import type { Catalogue } from "../catalogue.ts";
import type { AwsRequest, AwsService } from "../service.ts";
import type { Xml } from "../xml.ts";
import { imagesXml, selectImages, withoutImages } from "./describe-images.ts";
import { regionsXml, selectRegions } from "./describe-regions.ts";
import { booleanParam, queryParams } from "./query.ts";
import { ec2Answer, ec2Error } from "./responses.ts";

type Operation = (params: URLSearchParams, request: AwsRequest) => Xml[];

/** What EC2 says when it cannot tie a request to credentials valid in its region. */
const AUTH_FAILURE = "AWS was not able to validate the provided access credentials";

/**
 * EC2 over `catalogue`: DescribeImages and DescribeRegions.
 * @example createEc2Service(createCatalogue(dir)).name // "ec2"
 */
export function createEc2Service(catalogue: Catalogue): AwsService {
  const operations: Readonly<Record<string, Operation>> = {
    DescribeImages: (params, request) =>
      imagesXml(
        selectImages(withoutImages(catalogue.region(request.region), request.hiddenImageIds), params),
      ),
    DescribeRegions: (params) => regionsXml(selectRegions(catalogue, params)),
  };

  return {
    name: "ec2",
    action: (wire) => queryParams(wire).get("Action") ?? "",
    async handle(request) {
      try {
        const params = queryParams(request.wire);
        if (request.action === "") {
          throw new AwsError("MissingAction", "The request must contain the parameter Action");
        }
        const operation = operations[request.action];
        if (operation === undefined) {
          throw new AwsError(
            "InvalidAction",
            `The action ${request.action} is not valid for this web service.`,
          );
        }
        if (booleanParam(params, "DryRun") === true) {
          throw new AwsError("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
        }
        return ec2Answer(request.action, request.requestId, operation(params, request));
      } catch (error) {
        if (error instanceof AwsError) {
          return ec2Error(request.requestId, error);
        }
        throw error;
      }
    },
    error: ec2Error,
    // EC2 answers 401 AuthFailure for absent or unreadable credentials and for a region the account has not enabled.
    authError: () => new AwsError("AuthFailure", AUTH_FAILURE, 401),
  };
}
