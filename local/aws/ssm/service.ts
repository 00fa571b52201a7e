/**
 * The SSM service, over the JSON 1.1 protocol: `X-Amz-Target: AmazonSSM.<Action>` picks the
 * operation, the body is a JSON object, errors are `{"__type", "message"}` with the type also in
 * the `x-amzn-ErrorType` header.
 */
import { AwsError } from "../aws-error.ts";
import type { Catalogue } from "../catalogue.ts";
import type { RegionCatalogue } from "../catalogue-schema.ts";
import type { AuthProblem, AwsService } from "../service.ts";
import { header, type WireResponse } from "../wire.ts";
import { type JsonInput, parseJsonInput } from "./input.ts";
import { getParameter, getParameters, getParametersByPath } from "./parameters.ts";

const TARGET_PREFIX = "AmazonSSM.";
const CONTENT_TYPE = "application/x-amz-json-1.1";

type Operation = (catalogue: RegionCatalogue, input: JsonInput) => unknown;

const OPERATIONS: Readonly<Record<string, Operation>> = {
  GetParameter: getParameter,
  GetParameters: getParameters,
  GetParametersByPath: getParametersByPath,
};

/** What SSM answers when it cannot authenticate a request, by reason. */
const AUTH_ERRORS: Readonly<Record<AuthProblem, { code: string; message: string }>> = {
  missing: { code: "MissingAuthenticationTokenException", message: "Missing Authentication Token" },
  garbled: {
    code: "IncompleteSignatureException",
    message: "Authorization header requires 'Credential' parameter.",
  },
  "unknown-region": {
    code: "UnrecognizedClientException",
    message: "The security token included in the request is invalid.",
  },
};

/**
 * SSM over `catalogue`: GetParametersByPath, GetParameters, GetParameter.
 * @example createSsmService(createCatalogue(dir)).name // "ssm"
 */
export function createSsmService(catalogue: Catalogue): AwsService {
  return {
    name: "ssm",
    action(wire) {
      const target = header(wire, "x-amz-target") ?? "";
      return target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
    },
    async handle(request) {
      try {
        const operation = OPERATIONS[request.action];
        if (operation === undefined) {
          throw new AwsError(
            "UnknownOperationException",
            `The operation ${request.action || "(none)"} is not served by this endpoint`,
          );
        }
        const input = parseJsonInput(request.wire.body.toString("utf8"));
        const output = operation(catalogue.region(request.region), input);
        return { status: 200, headers: { "Content-Type": CONTENT_TYPE }, body: JSON.stringify(output) };
      } catch (error) {
        if (error instanceof AwsError) {
          return ssmError(request.requestId, error);
        }
        throw error;
      }
    },
    error: ssmError,
    authError(problem) {
      const { code, message } = AUTH_ERRORS[problem];
      return new AwsError(code, message);
    },
  };
}

function ssmError(_requestId: string, error: AwsError): WireResponse {
  return {
    status: error.status,
    headers: { "Content-Type": CONTENT_TYPE, "x-amzn-ErrorType": error.code },
    body: JSON.stringify({ __type: error.code, message: error.message }),
  };
}
