/**
 * The local AWS endpoint: one HTTP server on loopback that the real AWS SDK reaches through
 * `AWS_ENDPOINT_URL_EC2`, `AWS_ENDPOINT_URL_SSM` and `AWS_ENDPOINT_URL_LAMBDA`, all set to its
 * URL. Each request is routed by its SigV4 credential scope, then passes through one dispatch
 * function, behind the fault layer, to the service it names. Paths under `/_local/` are the
 * endpoint's own controls.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { listen } from "../ports.ts";
import { AwsError } from "./aws-error.ts";
import { createCatalogue } from "./catalogue.ts";
import { answerControl, CONTROL_PREFIX } from "./control.ts";
import { createEc2Service } from "./ec2/service.ts";
import type { AwsFault } from "./fault.ts";
import { createFaultBook } from "./fault-book.ts";
import { createFaultLayer } from "./fault-layer.ts";
import { createAsyncInvoker, type LambdaHandler } from "./lambda/async-invoker.ts";
import { createLambdaService } from "./lambda/service.ts";
import { type Router, route } from "./routing.ts";
import { type AwsRequest, type Dispatch, REQUEST_ID_HEADER } from "./service.ts";
import { createSsmService } from "./ssm/service.ts";
import { readWireRequest, type WireRequest, type WireResponse, writeWireResponse } from "./wire.ts";

export type { AwsFault, AwsFaultKind } from "./fault.ts";
export { FaultSpecError } from "./fault.ts";
export type { LambdaHandler } from "./lambda/async-invoker.ts";

/** Options for {@link startLocalAws}; every one has a default. */
export interface LocalAwsOptions {
  /** Default "127.0.0.1". */
  host?: string;
  /** Default 0: an ephemeral port, read back from `port`. */
  port?: number;
  /** Directory of `<region>.json` files; default the project's local/fixtures/aws-snapshot. */
  catalogueDir?: string;
  /**
   * A file of images added to every region (`{ "Images": [...] }`); default the made-up images in
   * local/fixtures/made-up-images.json (Rocky Linux, AlmaLinux, CentOS Stream); false for none.
   */
  extraImagesFile?: string | false;
  /** Lambda functions by name. */
  functions?: Record<string, LambdaHandler>;
  /** Pause between retries of a failed Event invocation; default 200. */
  asyncRetryDelayMs?: number;
  /** Where request and failure lines go; default nowhere. */
  log?: (line: string) => void;
  /** Seed of the generator that decides which requests a fault with a `rate` hits; default 1. */
  seed?: number;
}

/** A running endpoint. */
export interface LocalAws {
  /** e.g. "http://127.0.0.1:45123" */
  url: string;
  port: number;
  /** Resolves once every asynchronous (Event) invocation accepted so far, including retries, has finished. */
  idle(): Promise<void>;
  /**
   * Count of requests served, by "<service>:<Action>", e.g. "ec2:DescribeImages", "ssm:GetParametersByPath", "lambda:Invoke".
   * Requests refused before routing (no usable signature, a region outside the catalogue) are not counted.
   */
  calls(): Record<string, number>;
  /**
   * Makes matching requests misbehave until the returned function removes the fault.
   * @example const heal = aws.addFault({ service: "ec2", times: 2, kind: { type: "error", code: "RequestLimitExceeded" } });
   * @throws FaultSpecError when the fault cannot be used (a rate above 1, an unknown kind, a misspelt field)
   */
  addFault(fault: AwsFault): () => void;
  /** Removes every fault and zeroes {@link faultsInjected}. */
  clearFaults(): void;
  /** Requests a fault hit, by "<service>:<Action>:<kind>", e.g. "ssm:GetParametersByPath:error". */
  faultsInjected(): Record<string, number>;
  /** Stops listening and ends every connection, hung ones included. */
  close(): Promise<void>;
}

const DEFAULT_HOST = "127.0.0.1";
const DEFAULT_CATALOGUE_DIR = fileURLToPath(new URL("../fixtures/aws-snapshot/", import.meta.url));
/** Made-up images served in every region, for families the real snapshot has no images of. */
export const DEFAULT_EXTRA_IMAGES = fileURLToPath(
  new URL("../fixtures/made-up-images.json", import.meta.url),
);
/** Lambda waits a minute or more between retries; locally a short pause keeps them visibly asynchronous. */
const DEFAULT_ASYNC_RETRY_DELAY_MS = 200;
/** A fixed default, so a run with rate faults repeats unless a test asks for other draws. */
const DEFAULT_SEED = 1;

/**
 * Starts the endpoint and resolves once it is listening.
 * @example const aws = await startLocalAws({ functions: { refresh } }); process.env.AWS_ENDPOINT_URL_SSM = aws.url;
 */
export async function startLocalAws(options: LocalAwsOptions = {}): Promise<LocalAws> {
  const host = options.host ?? DEFAULT_HOST;
  const log = options.log ?? (() => {});
  const extraImages = options.extraImagesFile === undefined ? DEFAULT_EXTRA_IMAGES : options.extraImagesFile;
  const catalogue = createCatalogue(options.catalogueDir ?? DEFAULT_CATALOGUE_DIR, extraImages || undefined);
  const invoker = createAsyncInvoker({
    retryDelayMs: options.asyncRetryDelayMs ?? DEFAULT_ASYNC_RETRY_DELAY_MS,
    log,
  });
  const services = {
    ec2: createEc2Service(catalogue),
    ssm: createSsmService(catalogue),
    lambda: createLambdaService(new Map(Object.entries(options.functions ?? {})), invoker, log),
  };
  const router: Router = { services, hasRegion: (region) => catalogue.has(region) };
  const counts = new Map<string, number>();

  const faults = createFaultBook(options.seed ?? DEFAULT_SEED);
  // Every routed request goes through here and only here; the fault layer wraps it.
  const handle: Dispatch = (request) => services[request.service].handle(request);
  const faultLayer = createFaultLayer(faults, services, handle);
  const dispatch = faultLayer.dispatch;

  async function answer(request: AwsRequest): Promise<WireResponse> {
    const key = `${request.service}:${request.action}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    try {
      return await dispatch(request);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log(`${request.service} ${request.region} ${request.action}: internal failure: ${reason}`);
      const failure = new AwsError("InternalFailure", "The request processing has failed.", 500);
      return services[request.service].error(request.requestId, failure);
    }
  }

  async function serve(wire: WireRequest): Promise<WireResponse> {
    if (wire.path.startsWith(CONTROL_PREFIX)) {
      const response = answerControl(wire, faults);
      log(`control ${wire.method} ${wire.path} ${response.status}`);
      return response;
    }
    const requestId = randomUUID();
    const routing = route(router, wire, requestId);
    const response = "response" in routing ? routing.response : await answer(routing.request);
    const what =
      "request" in routing
        ? `${routing.request.service} ${routing.request.region} ${routing.request.action}`
        : `unrouted ${wire.method} ${wire.path}`;
    log(`${what} ${response.status}`);
    return { ...response, headers: { ...response.headers, [REQUEST_ID_HEADER]: requestId } };
  }

  const server = createServer((incoming, outgoing) => {
    readWireRequest(incoming)
      .then(serve)
      .then((response) => {
        // A caller that gave up (a request timeout, close() ending a hang) has no one left to answer.
        if (!outgoing.destroyed) writeWireResponse(outgoing, response);
      })
      .catch((error: unknown) => {
        log(`connection failed: ${error instanceof Error ? error.message : String(error)}`);
        outgoing.destroy();
      });
  });
  const port = await listen(server, host, options.port ?? 0);
  let closed: Promise<void> | undefined;

  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    idle: () => invoker.idle(),
    calls: () => Object.fromEntries(counts),
    addFault(fault) {
      const id = faults.add(fault);
      return () => {
        faults.remove(id);
      };
    },
    clearFaults: () => faults.clear(),
    faultsInjected: () => faults.injected(),
    close() {
      // Once is enough: a test may close early (to end a hang) and again in its cleanup.
      closed ??= new Promise<void>((resolve, reject) => {
        faultLayer.release();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        // The SDK keeps connections alive; without this, close waits for them to time out.
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
