/**
 * The ways the origin proxy can make S3 misbehave, how a fault arrives over HTTP, and the S3-style
 * answers it gives. Pure: no sockets here, so every shape is checked in one place.
 */

/** Statuses a `status` fault may answer with: the ones S3 (or a gateway before it) really sends. */
export const FAULT_STATUSES = [403, 404, 500, 502, 503] as const;

export type FaultStatus = (typeof FAULT_STATUSES)[number];

/** One way for the origin to misbehave. */
export type OriginFault =
  /** Destroy the socket without answering: the reader sees a connection reset. */
  | { kind: "down" }
  /** Answer normally, after `delayMs`. */
  | { kind: "slow"; delayMs: number }
  /** Never answer, until the proxy closes. */
  | { kind: "hang" }
  /** Answer `status` with `body`, by default S3's XML error for that status. */
  | { kind: "status"; status: FaultStatus; body?: string }
  /** Answer 200 application/json with a body that is not valid JSON. */
  | { kind: "malformed" }
  /** Answer 200 application/json with `body` in place of the stored object: a store holding the wrong thing. */
  | { kind: "json"; body: string };

/** A fault and the paths it applies to: those containing `match`, or all when it is undefined. */
export interface FaultSetting {
  fault: OriginFault | undefined;
  match: string | undefined;
}

/** What S3 says for each status, so a test can tell S3's words from the Worker's own. */
const S3_ERRORS: Readonly<Record<FaultStatus, { code: string; message: string }>> = {
  403: { code: "AccessDenied", message: "Access Denied" },
  404: { code: "NoSuchKey", message: "The specified key does not exist." },
  500: { code: "InternalError", message: "We encountered an internal error. Please try again." },
  502: { code: "BadGateway", message: "Bad Gateway" },
  503: { code: "SlowDown", message: "Please reduce your request rate." },
};

/**
 * The XML body S3 sends with an error status.
 * @example s3ErrorXml(403) // '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code>...'
 */
export function s3ErrorXml(status: FaultStatus): string {
  const { code, message } = S3_ERRORS[status];
  return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

/**
 * The body of a `malformed` answer: the start of a plausible document, cut off mid-object, so it
 * fails in the JSON parser rather than in schema validation.
 */
export const MALFORMED_JSON_BODY =
  '{"Region":"us-east-1","RetrievedAt":"2026-07-27T00:00:00.000Z","LatestImage":{"Imag';

/** A fault command that could not be understood; the proxy answers it with 400. */
export class FaultCommandError extends Error {
  override name = "FaultCommandError";
}

/**
 * Reads the body of `POST /__origin/fault`: `{ "fault": OriginFault | null, "match"?: string }`.
 * @throws FaultCommandError naming what is wrong
 */
export function parseFaultCommand(text: string): FaultSetting {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new FaultCommandError("the body is not JSON");
  }
  if (!isRecord(value)) throw new FaultCommandError("the body must be a JSON object");
  const match = value.match ?? undefined;
  if (match !== undefined && typeof match !== "string") {
    throw new FaultCommandError("match must be a string when present");
  }
  const fault = value.fault ?? undefined;
  return { fault: fault === undefined ? undefined : parseFault(fault), match };
}

function parseFault(value: unknown): OriginFault {
  if (!isRecord(value)) throw new FaultCommandError("fault must be an object or null");
  switch (value.kind) {
    case "down":
    case "hang":
    case "malformed":
      return { kind: value.kind };
    case "slow": {
      const delayMs = value.delayMs;
      if (typeof delayMs !== "number" || !Number.isFinite(delayMs) || delayMs < 0) {
        throw new FaultCommandError("a slow fault needs delayMs, a non-negative number");
      }
      return { kind: "slow", delayMs };
    }
    case "status": {
      const status = FAULT_STATUSES.find((allowed) => allowed === value.status);
      if (status === undefined) {
        throw new FaultCommandError(`a status fault needs status, one of ${FAULT_STATUSES.join(", ")}`);
      }
      const body = value.body;
      if (body !== undefined && typeof body !== "string") {
        throw new FaultCommandError("a status fault's body must be a string when present");
      }
      return body === undefined ? { kind: "status", status } : { kind: "status", status, body };
    }
    case "json": {
      if (typeof value.body !== "string") throw new FaultCommandError("a json fault needs body, a string");
      return { kind: "json", body: value.body };
    }
    default:
      throw new FaultCommandError("fault.kind must be one of down, slow, hang, status, malformed, json");
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
