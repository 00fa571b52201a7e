/**
 * The fault layer: a Dispatch wrapping the real one, which asks the fault book what to do to each
 * request and answers in the request's own protocol, through the service's `error()`. Waits and
 * hangs are its own timers, so closing the endpoint ends them all at once.
 */
import { AwsError } from "./aws-error.ts";
import { faultError } from "./fault.ts";
import type { FaultBook } from "./fault-book.ts";
import type { AwsRequest, AwsService, Dispatch, ServiceName } from "./service.ts";
import type { WireResponse } from "./wire.ts";
import { escapeXml } from "./xml.ts";

/** A Dispatch with faults, and the switch that ends its waits. */
export interface FaultLayer {
  dispatch: Dispatch;
  /** Ends every latency wait and hang now: the endpoint is closing. */
  release(): void;
}

/** What a `malformed` fault answers: the service's own content type, a body its parser rejects. */
const MALFORMED: Readonly<Record<ServiceName, { contentType: string; body: (action: string) => string }>> = {
  // An element closed out of order: well-formed up to the point a parser must reject it.
  ec2: {
    contentType: "text/xml;charset=UTF-8",
    body: (action) =>
      `<?xml version="1.0" encoding="UTF-8"?>\n<${escapeXml(action)}Response><requestId>0</requestId><imagesSet><item></imagesSet></${escapeXml(action)}Response>`,
  },
  // A list closed by a brace: fails in the JSON parser, not in a shape check after it.
  ssm: { contentType: "application/x-amz-json-1.1", body: () => '{"Parameters":[}' },
  lambda: { contentType: "application/json", body: () => '{"Parameters":[}' },
};

/**
 * Wraps `inner` so the faults in `book` act on every request that passes through.
 * @example const layer = createFaultLayer(book, services, (request) => services[request.service].handle(request));
 */
export function createFaultLayer(
  book: FaultBook,
  services: Readonly<Record<ServiceName, AwsService>>,
  inner: Dispatch,
): FaultLayer {
  const waiting = new Set<() => void>();
  let released = false;

  /** Resolves true after `ms`, or false as soon as the endpoint closes; no `ms` waits for the close only. */
  function wait(ms?: number): Promise<boolean> {
    if (released) return Promise.resolve(false);
    return new Promise((resolve) => {
      const finish = (elapsed: boolean) => {
        clearTimeout(timer);
        waiting.delete(cancel);
        resolve(elapsed);
      };
      const cancel = () => finish(false);
      const timer = ms === undefined ? undefined : setTimeout(() => finish(true), ms);
      waiting.add(cancel);
    });
  }

  // The connection is gone by the time a wait ends this way; the answer only settles the request.
  function closing(request: AwsRequest): WireResponse {
    const error = new AwsError("ServiceUnavailable", "The endpoint closed before answering.", 503);
    return services[request.service].error(request.requestId, error);
  }

  async function dispatch(request: AwsRequest): Promise<WireResponse> {
    const { latencyMs, hiddenImageIds, answer } = book.decide(request);
    if (latencyMs > 0 && !(await wait(latencyMs))) return closing(request);
    const target = hiddenImageIds.size > 0 ? { ...request, hiddenImageIds } : request;
    switch (answer?.type) {
      case undefined:
        return inner(target);
      case "error":
        return services[request.service].error(request.requestId, faultError(request.service, answer));
      case "hang":
        await wait();
        return closing(request);
      case "truncated": {
        const response = await inner(target);
        return { ...response, body: response.body.slice(0, Math.floor(response.body.length / 2)) };
      }
      case "malformed": {
        const { contentType, body } = MALFORMED[request.service];
        return { status: 200, headers: { "Content-Type": contentType }, body: body(request.action) };
      }
    }
  }

  return {
    dispatch,
    release() {
      released = true;
      for (const cancel of [...waiting]) cancel();
    },
  };
}
