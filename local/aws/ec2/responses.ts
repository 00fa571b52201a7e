/**
 * EC2's XML envelopes: `<ActionResponse>` with a `<requestId>` for answers, and the
 * `<Response><Errors>` shape for errors.
 */
import type { AwsError } from "../aws-error.ts";
import type { WireResponse } from "../wire.ts";
import { type Xml, xmlDocument, xmlElement, xmlText } from "../xml.ts";

/** The namespace of the API version the SDK speaks (`Version=2016-11-15`). */
export const EC2_NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";

const XML_HEADERS = { "Content-Type": "text/xml;charset=UTF-8" };

/**
 * The answer to `action`, its fields after the request id.
 * @example ec2Answer("DescribeRegions", requestId, [xmlElement("regionInfo", items)])
 */
export function ec2Answer(action: string, requestId: string, fields: readonly Xml[]): WireResponse {
  const body = xmlDocument(`${action}Response`, EC2_NAMESPACE, [xmlText("requestId", requestId), ...fields]);
  return { status: 200, headers: XML_HEADERS, body };
}

/** An error, as EC2 sends it. */
export function ec2Error(requestId: string, error: AwsError): WireResponse {
  const errors = xmlElement("Errors", [
    xmlElement("Error", [xmlText("Code", error.code), xmlText("Message", error.message)]),
  ]);
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n${xmlElement("Response", [errors, xmlText("RequestID", requestId)]).markup}`;
  return { status: error.status, headers: XML_HEADERS, body };
}
