/**
 * What every emulated service looks like to the server: a name, a way to name the action a
 * request asks for, a handler, and its own rendering of errors. Keeping error rendering on the
 * service lets layers in front of dispatch (authentication, fault injection) answer in the right
 * protocol without knowing any of them.
 */
import type { AwsError } from "./aws-error.ts";
import type { WireRequest, WireResponse } from "./wire.ts";

/** The services the endpoint speaks, named as in their SigV4 signing scope. */
export type ServiceName = "ec2" | "ssm" | "lambda";

/** A request whose service, region and action are known. */
export interface AwsRequest {
  service: ServiceName;
  region: string;
  /** The operation asked for, e.g. `DescribeImages`; it may be one the service does not know. */
  action: string;
  requestId: string;
  wire: WireRequest;
  /** Images EC2 answers this request as if the region did not have: set by `drop-image` faults. */
  hiddenImageIds?: ReadonlySet<string>;
}

/** Turns a routed request into a response; the single point every request goes through. */
export type Dispatch = (request: AwsRequest) => Promise<WireResponse>;

/** Why a request could not be tied to a caller and region. */
export type AuthProblem = "missing" | "garbled" | "unknown-region";

/** One emulated AWS service. */
export interface AwsService {
  readonly name: ServiceName;
  /** Names the operation a request asks for, for counting and logging. */
  action(request: WireRequest): string;
  handle(request: AwsRequest): Promise<WireResponse>;
  /** Renders an error the way this service's protocol does. */
  error(requestId: string, error: AwsError): WireResponse;
  /** The error this service answers when it cannot authenticate a request. */
  authError(problem: AuthProblem): AwsError;
}

/** The header every response carries, so a caller can quote the request in a report. */
export const REQUEST_ID_HEADER = "x-amzn-RequestId";
