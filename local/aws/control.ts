/**
 * The endpoint's own controls, for processes that cannot reach the LocalAws object (another
 * process, a Worker in workerd): faults over HTTP under `/_local/`. No AWS path starts there, and
 * these requests carry no SigV4, so they are answered before routing and never reach a service.
 */

import { FaultSpecError } from "./fault.ts";
import type { FaultBook } from "./fault-book.ts";
import type { WireRequest, WireResponse } from "./wire.ts";

/** Paths under this prefix are controls, never AWS requests. */
export const CONTROL_PREFIX = "/_local/";

const FAULTS_PATH = "/_local/faults";
const ONE_FAULT_PATH = /^\/_local\/faults\/([^/]+)$/;
const JSON_HEADERS = { "Content-Type": "application/json" };

/**
 * Answers one control request:
 * `POST /_local/faults` (an AwsFault as JSON) → 201 `{"id":"1"}`;
 * `DELETE /_local/faults` → 204, every fault gone and the counts zeroed;
 * `DELETE /_local/faults/<id>` → 204, or 404 for an unknown id;
 * `GET /_local/faults` → 200, requests hit by "<service>:<Action>:<kind>".
 * @example answerControl({ method: "GET", path: "/_local/faults", … }, book).body // '{"ssm:GetParametersByPath:error":1}'
 */
export function answerControl(wire: WireRequest, book: FaultBook): WireResponse {
  const one = ONE_FAULT_PATH.exec(wire.path)?.[1];
  if (one !== undefined && wire.method === "DELETE") {
    return book.remove(one)
      ? { status: 204, headers: {}, body: "" }
      : problem(404, "unknown_fault", `no fault with id ${one}`);
  }
  if (wire.path !== FAULTS_PATH) {
    return problem(
      404,
      "unknown_control",
      `no ${wire.method} ${wire.path}; the controls are POST, GET and DELETE ${FAULTS_PATH}, and DELETE ${FAULTS_PATH}/<id>`,
    );
  }
  switch (wire.method) {
    case "GET":
      return json(200, book.injected());
    case "DELETE":
      book.clear();
      return { status: 204, headers: {}, body: "" };
    case "POST":
      return addFault(wire, book);
    default:
      return {
        ...problem(405, "method_not_allowed", `${FAULTS_PATH} takes GET, POST or DELETE`),
        headers: { ...JSON_HEADERS, Allow: "GET, POST, DELETE" },
      };
  }
}

function addFault(wire: WireRequest, book: FaultBook): WireResponse {
  let fault: unknown;
  try {
    fault = JSON.parse(wire.body.toString("utf8"));
  } catch {
    return problem(400, "bad_fault", "the body is not JSON");
  }
  try {
    return json(201, { id: book.add(fault) });
  } catch (error) {
    if (error instanceof FaultSpecError) return problem(400, "bad_fault", error.message);
    throw error;
  }
}

function json(status: number, value: unknown): WireResponse {
  return { status, headers: JSON_HEADERS, body: JSON.stringify(value) };
}

/** The project's one error shape on the wire. */
function problem(status: number, code: string, message: string): WireResponse {
  return json(status, { error: { code, message } });
}
