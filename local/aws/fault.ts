/**
 * The ways the local AWS endpoint can be told to misbehave, read from plain data (a test's object
 * or the JSON of `POST /_local/faults`), and the AWS error each `error` fault stands for. Pure:
 * fault-book.ts decides which request a fault hits, fault-layer.ts acts on it.
 */
import { AwsError } from "./aws-error.ts";
import type { ServiceName } from "./service.ts";

/** What a fault does to a request it hits. */
export type AwsFaultKind =
  /** An AWS error in the service's own protocol; status and message default to what AWS sends for `code`. */
  | { type: "error"; code: string; status?: number; message?: string }
  /** The normal answer, after `ms` milliseconds. */
  | { type: "latency"; ms: number }
  /** No answer at all, until the endpoint closes. */
  | { type: "hang" }
  /** The normal answer with its body cut in half. */
  | { type: "truncated" }
  /** 200 with a body that is not valid XML (EC2) or JSON (SSM, Lambda). */
  | { type: "malformed" }
  /** EC2 DescribeImages answers as if the region had no image `imageId`. */
  | { type: "drop-image"; imageId: string };

/** A fault and the requests it applies to. */
export interface AwsFault {
  /** Undefined: every service. */
  service?: ServiceName;
  /** e.g. "GetParametersByPath", "DescribeImages", "Invoke"; undefined: every action. */
  action?: string;
  /** The region of the credential scope; undefined: every region. */
  region?: string;
  /** Chance (0..1) that a matching request is hit, drawn from the endpoint's seeded generator; default 1. */
  rate?: number;
  /** Matching requests let through before the first is hit: "fail page 3" is `after: 2`. */
  after?: number;
  /** Most requests hit; default unlimited. */
  times?: number;
  kind: AwsFaultKind;
}

/** A fault description that cannot be used; over HTTP, a 400. */
export class FaultSpecError extends Error {
  override name = "FaultSpecError";
}

const SERVICES: readonly ServiceName[] = ["ec2", "ssm", "lambda"];
const FAULT_FIELDS = new Set(["service", "action", "region", "rate", "after", "times", "kind"]);
const KIND_FIELDS: Readonly<Record<AwsFaultKind["type"], readonly string[]>> = {
  error: ["code", "status", "message"],
  latency: ["ms"],
  hang: [],
  truncated: [],
  malformed: [],
  "drop-image": ["imageId"],
};

/**
 * Checks a fault description, so a misspelt field fails loudly rather than widening the fault to
 * every request.
 * @example parseAwsFault({ service: "ssm", after: 2, times: 1, kind: { type: "error", code: "ThrottlingException" } })
 * @throws FaultSpecError naming what is wrong
 */
export function parseAwsFault(value: unknown): AwsFault {
  const fields = record(value, "a fault");
  onlyFields(fields, FAULT_FIELDS, "a fault");
  const service = optional(fields.service, "service (ec2, ssm or lambda)", (raw) =>
    SERVICES.find((name) => name === raw),
  );
  const action = optional(fields.action, "action", (raw) =>
    typeof raw === "string" && raw !== "" ? raw : undefined,
  );
  const region = optional(fields.region, "region", (raw) =>
    typeof raw === "string" && raw !== "" ? raw : undefined,
  );
  const rate = optional(fields.rate, "rate (0 to 1)", (raw) =>
    typeof raw === "number" && raw >= 0 && raw <= 1 ? raw : undefined,
  );
  const after = optional(fields.after, "after (a whole number)", (raw) => wholeNumber(raw, 0));
  const times = optional(fields.times, "times (a whole number from 1)", (raw) => wholeNumber(raw, 1));
  const kind = parseKind(fields.kind);
  if (kind.type === "drop-image" && (service ?? "ec2") !== "ec2") {
    throw new FaultSpecError("a drop-image fault applies to ec2 only");
  }
  if (kind.type === "drop-image" && (action ?? "DescribeImages") !== "DescribeImages") {
    throw new FaultSpecError("a drop-image fault applies to DescribeImages only");
  }
  return { service, action, region, rate, after, times, kind };
}

function parseKind(value: unknown): AwsFaultKind {
  const fields = record(value, "kind");
  const type = Object.keys(KIND_FIELDS).find((name) => name === fields.type);
  switch (type) {
    case "error": {
      onlyFields(fields, new Set(["type", ...KIND_FIELDS.error]), "an error kind");
      const code = fields.code;
      if (typeof code !== "string" || !/^[A-Za-z][A-Za-z0-9.]*$/.test(code)) {
        throw new FaultSpecError("an error kind needs code, an AWS error code such as ThrottlingException");
      }
      const status = optional(fields.status, "status (400 to 599)", (raw) =>
        typeof raw === "number" && Number.isInteger(raw) && raw >= 400 && raw <= 599 ? raw : undefined,
      );
      const message = optional(fields.message, "message", (raw) =>
        typeof raw === "string" ? raw : undefined,
      );
      return { type: "error", code, status, message };
    }
    case "latency": {
      onlyFields(fields, new Set(["type", ...KIND_FIELDS.latency]), "a latency kind");
      const ms = wholeNumber(fields.ms, 0);
      if (ms === undefined)
        throw new FaultSpecError("a latency kind needs ms, a whole number of milliseconds");
      return { type: "latency", ms };
    }
    case "hang":
    case "truncated":
    case "malformed":
      onlyFields(fields, new Set(["type"]), `a ${type} kind`);
      return { type };
    case "drop-image": {
      onlyFields(fields, new Set(["type", ...KIND_FIELDS["drop-image"]]), "a drop-image kind");
      const imageId = fields.imageId;
      if (typeof imageId !== "string" || !imageId.startsWith("ami-")) {
        throw new FaultSpecError("a drop-image kind needs imageId, e.g. ami-0006118602dfc1c09");
      }
      return { type: "drop-image", imageId };
    }
    default:
      throw new FaultSpecError(`kind.type must be one of ${Object.keys(KIND_FIELDS).join(", ")}`);
  }
}

/** What AWS sends for a code: its status (by service where they differ) and its usual message. */
interface KnownError {
  status: number;
  byService?: Partial<Record<ServiceName, number>>;
  message: string;
}

/**
 * Statuses as AWS sends them. EC2 throttles with 503 and fails authentication with 401; the JSON
 * 1.1 services (SSM) answer nearly every client error, throttling included, with 400; Lambda's
 * REST API uses 403 for access and 429 for throttling. The SDK decides retries by code and
 * status, so a wrong status here would change what a test proves.
 */
const KNOWN_ERRORS: Readonly<Record<string, KnownError>> = {
  RequestLimitExceeded: { status: 503, message: "Request limit exceeded." },
  ThrottlingException: { status: 400, message: "Rate exceeded" },
  TooManyRequestsException: { status: 429, message: "Rate Exceeded." },
  InternalError: { status: 500, message: "An internal error has occurred. Retry your request." },
  InternalFailure: { status: 500, message: "The request processing has failed because of an unknown error." },
  InternalServerError: { status: 500, message: "An error occurred on the server side." },
  ServiceException: { status: 500, message: "The service encountered an internal error." },
  ServiceUnavailable: {
    status: 503,
    message: "The request has failed due to a temporary failure of the server.",
  },
  Unavailable: { status: 503, message: "The server is overloaded and can't handle the request." },
  AuthFailure: { status: 401, message: "AWS was not able to validate the provided access credentials" },
  UnauthorizedOperation: { status: 403, message: "You are not authorized to perform this operation." },
  OptInRequired: {
    status: 403,
    byService: { ec2: 401 },
    message: "You are not subscribed to this service. Please go to http://aws.amazon.com to subscribe.",
  },
  UnrecognizedClientException: {
    status: 400,
    byService: { lambda: 403 },
    message: "The security token included in the request is invalid.",
  },
  AccessDeniedException: {
    status: 400,
    byService: { lambda: 403 },
    message: "User is not authorized to perform this operation.",
  },
  ValidationException: { status: 400, message: "1 validation error detected." },
};

/** Status for a code AWS documents no fixed status for: a client error. */
const UNKNOWN_CODE_STATUS = 400;

/**
 * The error an `error` fault answers `service` with.
 * @example faultError("ec2", { type: "error", code: "RequestLimitExceeded" }).status // 503
 */
export function faultError(
  service: ServiceName,
  kind: { code: string; status?: number; message?: string },
): AwsError {
  const known = KNOWN_ERRORS[kind.code];
  const status = kind.status ?? known?.byService?.[service] ?? known?.status ?? UNKNOWN_CODE_STATUS;
  return new AwsError(kind.code, kind.message ?? known?.message ?? kind.code, status);
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new FaultSpecError(`${what} must be a JSON object`);
  }
  return Object.fromEntries(Object.entries(value));
}

function onlyFields(fields: Record<string, unknown>, allowed: ReadonlySet<string>, what: string): void {
  const unknown = Object.keys(fields).find((name) => !allowed.has(name));
  if (unknown !== undefined) {
    throw new FaultSpecError(`${what} has no field ${unknown}; its fields are ${[...allowed].join(", ")}`);
  }
}

/** An absent (or null) field, or one `read` accepts. */
function optional<T>(raw: unknown, name: string, read: (raw: unknown) => T | undefined): T | undefined {
  if (raw === undefined || raw === null) return undefined;
  const value = read(raw);
  if (value === undefined) throw new FaultSpecError(`${name} has an unusable value: ${JSON.stringify(raw)}`);
  return value;
}

function wholeNumber(raw: unknown, min: number): number | undefined {
  return typeof raw === "number" && Number.isSafeInteger(raw) && raw >= min ? raw : undefined;
}
