/**
 * The HTTP edge: a request read whole into plain data, and a response as plain data, so that
 * everything between the socket and the services is ordinary functions over values.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** An HTTP request as the endpoint received it, body read, nothing interpreted yet. */
export interface WireRequest {
  method: string;
  /** The path without its query string, still percent-encoded. */
  path: string;
  query: URLSearchParams;
  /** Header names in lower case, as Node gives them. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer;
}

/** An HTTP response as plain data. */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /**
   * Runs once the response has been handed to the socket. Lambda's Event invocations start here,
   * so the caller holds its 202 before the function runs, as with the real service.
   */
  afterSend?: () => void;
}

/** One header's value; a repeated header reads as its first value. */
export function header(request: WireRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads a Node request into a {@link WireRequest}. */
export async function readWireRequest(incoming: IncomingMessage): Promise<WireRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  }
  // The base only gives URL a shape to parse against; the host is never used.
  const url = new URL(incoming.url ?? "/", "http://local");
  return {
    method: incoming.method ?? "GET",
    path: url.pathname,
    query: url.searchParams,
    headers: incoming.headers,
    body: Buffer.concat(chunks),
  };
}

/** Writes a {@link WireResponse} and then runs its `afterSend`. */
export function writeWireResponse(outgoing: ServerResponse, response: WireResponse): void {
  const body = Buffer.from(response.body, "utf8");
  outgoing.writeHead(response.status, { ...response.headers, "Content-Length": String(body.byteLength) });
  outgoing.end(body);
  response.afterSend?.();
}
