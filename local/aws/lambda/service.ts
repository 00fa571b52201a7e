/**
 * The Lambda service, over REST-JSON: `POST /2015-03-31/functions/{FunctionName}/invocations`
 * runs one of the functions the endpoint was given, synchronously, asynchronously (`Event`) or
 * not at all (`DryRun`).
 */
import { AwsError } from "../aws-error.ts";
import type { AuthProblem, AwsRequest, AwsService } from "../service.ts";
import { header, type WireResponse } from "../wire.ts";
import type { AsyncInvoker, LambdaHandler } from "./async-invoker.ts";
import { parseFunctionName } from "./function-name.ts";

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/;

/** The account in the ARNs the endpoint reports: AWS's documentation account, as there are no real ones here. */
const ACCOUNT_ID = "123456789012";
const LATEST = "$LATEST";
const JSON_HEADERS = { "Content-Type": "application/json" };

/** What Lambda answers (403) when it cannot authenticate a request, by reason. */
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
 * Lambda serving `functions`, by name, with Event invocations run by `invoker`.
 * @example createLambdaService(new Map([["refresh", handler]]), invoker, console.log).name // "lambda"
 */
export function createLambdaService(
  functions: ReadonlyMap<string, LambdaHandler>,
  invoker: AsyncInvoker,
  log: (line: string) => void,
): AwsService {
  async function invoke(request: AwsRequest): Promise<WireResponse> {
    const { wire, region } = request;
    const requested = decodePathSegment(INVOKE_PATH.exec(wire.path)?.[1] ?? "");
    const reference = parseFunctionName(requested);
    const qualifier = reference?.qualifier ?? wire.query.get("Qualifier") ?? LATEST;
    const handler =
      reference !== undefined && qualifier === LATEST ? functions.get(reference.name) : undefined;
    if (reference === undefined || handler === undefined) {
      const arn = `arn:aws:lambda:${region}:${ACCOUNT_ID}:function:${reference?.name ?? requested}`;
      const qualified = qualifier === LATEST ? arn : `${arn}:${qualifier}`;
      throw new AwsError("ResourceNotFoundException", `Function not found: ${qualified}`, 404);
    }
    const invocationType = header(wire, "x-amz-invocation-type") ?? "RequestResponse";
    if (invocationType === "DryRun") {
      return { status: 204, headers: {}, body: "" };
    }
    const event = parsePayload(wire.body.toString("utf8"));
    if (invocationType === "Event") {
      return {
        status: 202,
        headers: {},
        body: "",
        afterSend: invoker.accept(reference.name, handler, event),
      };
    }
    if (invocationType !== "RequestResponse") {
      throw new AwsError("InvalidParameterValueException", `Unknown invocation type ${invocationType}`);
    }
    const headers = { ...JSON_HEADERS, "X-Amz-Executed-Version": LATEST };
    try {
      const result = await handler(event);
      // A function that returns nothing answers `null`, as the Node.js runtime does.
      return { status: 200, headers, body: JSON.stringify(result) ?? "null" };
    } catch (error) {
      log(
        `lambda ${reference.name}: invocation failed (${error instanceof Error ? error.message : String(error)})`,
      );
      return {
        status: 200,
        headers: { ...headers, "X-Amz-Function-Error": "Unhandled" },
        body: JSON.stringify(functionError(error)),
      };
    }
  }

  return {
    name: "lambda",
    action: (wire) => (wire.method === "POST" && INVOKE_PATH.test(wire.path) ? "Invoke" : "UnknownOperation"),
    async handle(request) {
      try {
        if (request.action !== "Invoke") {
          throw new AwsError(
            "UnknownOperationException",
            `No operation at ${request.wire.method} ${request.wire.path}`,
            404,
          );
        }
        return await invoke(request);
      } catch (error) {
        if (error instanceof AwsError) {
          return lambdaError(request.requestId, error);
        }
        throw error;
      }
    },
    error: lambdaError,
    authError(problem) {
      const { code, message } = AUTH_ERRORS[problem];
      return new AwsError(code, message, 403);
    },
  };
}

function lambdaError(_requestId: string, error: AwsError): WireResponse {
  return {
    status: error.status,
    headers: { ...JSON_HEADERS, "x-amzn-ErrorType": error.code },
    body: JSON.stringify({ Type: error.status < 500 ? "User" : "Service", message: error.message }),
  };
}

/** The event a function receives; no payload at all is `{}`, as Lambda passes it. */
function parsePayload(payload: string): unknown {
  if (payload.trim() === "") {
    return {};
  }
  try {
    return JSON.parse(payload);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AwsError("InvalidRequestContentException", `Could not parse request body into json: ${reason}`);
  }
}

/** The body Lambda returns for an unhandled function error, as the Node.js runtime shapes it. */
function functionError(error: unknown): { errorType: string; errorMessage: string; trace: string[] } {
  if (error instanceof Error) {
    const trace = (error.stack ?? "").split("\n").filter((line) => line.trim() !== "");
    return { errorType: error.name, errorMessage: error.message, trace };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
