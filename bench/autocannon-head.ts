import type { Client } from "autocannon";

/** http-parser-js's index of the headers-complete callback (`HTTPParser.kOnHeadersComplete`). */
const ON_HEADERS_COMPLETE = 2;

interface ClientInternals {
  parser: Record<number, (info: unknown) => unknown>;
  pipelinedRequests: { peek(): { req: { method?: string } } | undefined };
}

/**
 * autocannon 9 waits for the body a HEAD response's Content-Length announces, which never comes
 * (RFC 9110 §9.3.2), so every HEAD times out. Its parser (http-parser-js) skips the body when the
 * headers callback returns true, as Node's own client does for HEAD; autocannon's callback returns
 * nothing. This wraps it, once the client has installed it (setupClient runs just before), to
 * answer "skip" for a HEAD in flight. Pass as `setupClient`, or call from yours.
 */
export function skipHeadBodies(client: Client): void {
  queueMicrotask(() => {
    const internals = client as unknown as ClientInternals;
    const original = internals.parser[ON_HEADERS_COMPLETE];
    if (typeof original !== "function")
      throw new Error("autocannon's parser has changed: no headers callback");
    internals.parser[ON_HEADERS_COMPLETE] = (info) => {
      original(info);
      return internals.pipelinedRequests.peek()?.req.method === "HEAD";
    };
  });
}
