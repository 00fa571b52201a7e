/**
 * A reverse proxy on loopback in front of the local S3 server, through which the Worker under
 * test reads its documents: it counts the requests that reach the origin and can make the origin
 * misbehave. Worker tests run inside workerd and reach it only over HTTP, so it is controlled
 * over HTTP too, under the reserved prefix `/__origin/`, which is never forwarded.
 */
import {
  Agent,
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  request,
  type ServerResponse,
} from "node:http";
import { pipeline } from "node:stream";
import { setTimeout as delay } from "node:timers/promises";
import {
  FaultCommandError,
  type FaultSetting,
  MALFORMED_JSON_BODY,
  type OriginFault,
  parseFaultCommand,
  s3ErrorXml,
} from "./origin-fault.ts";
import { listen } from "./ports.ts";

export type { FaultStatus, OriginFault } from "./origin-fault.ts";

/** Options for {@link startOriginProxy}. */
export interface OriginProxyOptions {
  /** The origin, e.g. the local S3 URL; `${url}/<path>` is forwarded to `${target}/<path>`. */
  target: string;
  /** Default "127.0.0.1". */
  host?: string;
  /** Default 0: an ephemeral port, read back from `port`. */
  port?: number;
}

/** A running proxy. */
export interface OriginProxy {
  /** e.g. "http://127.0.0.1:41234" */
  url: string;
  port: number;
  /** Requests seen, by "METHOD /path" (path without query), e.g. "GET /latest-ami/v1/us-east-1.json". */
  counts(): Record<string, number>;
  /** Makes forwarded requests whose path contains `match` (all when undefined) fail; undefined heals. */
  setFault(fault: OriginFault | undefined, match?: string): void;
  /** Stops listening and ends every connection, hung ones included. */
  close(): Promise<void>;
}

const DEFAULT_HOST = "127.0.0.1";
const CONTROL_PREFIX = "/__origin/";
/** A fault command is a few dozen bytes; anything near this is a mistake, not a command. */
const MAX_CONTROL_BODY_BYTES = 64 * 1024;
/** Headers about one connection, not the message (RFC 9110 §7.6.1): never passed through. */
const HOP_BY_HOP_HEADERS = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);
const NO_FAULT: FaultSetting = { fault: undefined, match: undefined };

/**
 * Starts the proxy and resolves once it is listening.
 * @example const proxy = await startOriginProxy({ target: s3.url }); proxy.setFault({ kind: "down" });
 */
export async function startOriginProxy(options: OriginProxyOptions): Promise<OriginProxy> {
  const target = new URL(options.target);
  if (target.protocol !== "http:") {
    throw new Error(`the origin proxy forwards to http:// only, not ${options.target}`);
  }
  const basePath = target.pathname.replace(/\/+$/, "");
  const host = options.host ?? DEFAULT_HOST;
  const counts = new Map<string, number>();
  // What the origin was last asked, headers included: how a test sees what the Worker signed.
  let lastRequest: { method: string; path: string; headers: IncomingMessage["headers"] } | null = null;
  let setting = NO_FAULT;
  // Aborted by close(), so a slow fault's timer does not outlive the proxy.
  const closing = new AbortController();
  // A pool of its own, so close() can end the proxy's connections to the origin too.
  const agent = new Agent({ keepAlive: true });

  function faultFor(path: string): OriginFault | undefined {
    return setting.match === undefined || path.includes(setting.match) ? setting.fault : undefined;
  }

  async function handle(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const pathAndQuery = incoming.url ?? "/";
    const path = pathAndQuery.replace(/\?.*$/s, "");
    if (!path.startsWith("/")) {
      sendText(outgoing, 400, "text/plain; charset=utf-8", "only origin-form request targets are proxied\n");
      return;
    }
    if (path.startsWith(CONTROL_PREFIX)) {
      await control(incoming, outgoing, path);
      return;
    }
    const key = `${incoming.method} ${path}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    lastRequest = { method: incoming.method ?? "", path: pathAndQuery, headers: incoming.headers };
    const fault = faultFor(path);
    switch (fault?.kind) {
      case undefined:
        forward(incoming, outgoing, pathAndQuery);
        return;
      case "down":
        // A TCP reset, not a clean close: what a reader sees when the origin's host is gone.
        incoming.socket.resetAndDestroy();
        return;
      case "hang":
        // Nothing is ever written; close() ends the connection.
        return;
      case "slow":
        try {
          await delay(fault.delayMs, undefined, { signal: closing.signal });
        } catch {
          return;
        }
        if (!outgoing.destroyed) forward(incoming, outgoing, pathAndQuery);
        return;
      case "status":
        // S3 answers every error in XML, even to a reader that asked for JSON.
        sendText(outgoing, fault.status, "application/xml", fault.body ?? s3ErrorXml(fault.status));
        return;
      case "malformed":
        sendText(outgoing, 200, "application/json", MALFORMED_JSON_BODY);
        return;
      case "json":
        sendText(outgoing, 200, "application/json", fault.body);
        return;
    }
  }

  function forward(incoming: IncomingMessage, outgoing: ServerResponse, pathAndQuery: string): void {
    const upstream = request(target, {
      path: basePath + pathAndQuery,
      method: incoming.method,
      // Host passes through unchanged: a SigV4 signature made for the proxy's address stays valid.
      headers: endToEndHeaders(incoming.headers),
      agent,
    });
    upstream.on("response", (response) => {
      outgoing.writeHead(response.statusCode ?? 502, endToEndHeaders(response.headers));
      // On failure pipeline destroys both ends, so the reader sees the answer cut short.
      pipeline(response, outgoing, () => {});
    });
    upstream.on("error", () => {
      if (outgoing.headersSent || outgoing.destroyed) {
        outgoing.destroy();
      } else {
        sendText(outgoing, 502, "text/plain; charset=utf-8", `origin ${target.origin} unreachable\n`);
      }
    });
    outgoing.on("close", () => {
      // The reader left before the answer was complete: stop asking the origin for it.
      if (!outgoing.writableFinished) upstream.destroy();
    });
    incoming.pipe(upstream);
  }

  async function control(incoming: IncomingMessage, outgoing: ServerResponse, path: string): Promise<void> {
    const route = `${incoming.method} ${path}`;
    switch (route) {
      case "GET /__origin/counts":
        sendJson(outgoing, 200, Object.fromEntries(counts));
        return;
      case "GET /__origin/last-request":
        sendJson(outgoing, 200, lastRequest);
        return;
      case "POST /__origin/reset":
        counts.clear();
        setting = NO_FAULT;
        sendEmpty(outgoing);
        return;
      case "POST /__origin/fault":
        try {
          setting = parseFaultCommand(await readText(incoming));
        } catch (error) {
          if (!(error instanceof FaultCommandError)) throw error;
          sendJson(outgoing, 400, { error: { code: "bad_fault", message: error.message } });
          return;
        }
        sendEmpty(outgoing);
        return;
      default:
        sendJson(outgoing, 404, {
          error: {
            code: "unknown_control",
            message: `no ${route}; the controls are GET ${CONTROL_PREFIX}counts, GET ${CONTROL_PREFIX}last-request, POST ${CONTROL_PREFIX}reset, POST ${CONTROL_PREFIX}fault`,
          },
        });
    }
  }

  const server = createServer((incoming, outgoing) => {
    handle(incoming, outgoing).catch(() => outgoing.destroy());
  });
  const port = await listen(server, host, options.port ?? 0);
  let closed: Promise<void> | undefined;

  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    counts: () => Object.fromEntries(counts),
    setFault(fault, match) {
      setting = { fault, match };
    },
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        // Hung requests and keep-alive readers would otherwise hold close() open until they time out.
        server.closeAllConnections();
        agent.destroy();
      });
      return closed;
    },
  };
}

/** `headers` without the hop-by-hop ones, including any the Connection header names. */
function endToEndHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = new Set(
    (headers.connection ?? "")
      .split(",")
      .map((name) => name.trim().toLowerCase())
      .filter((name) => name !== ""),
  );
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !HOP_BY_HOP_HEADERS.has(name) && !named.has(name)),
  );
}

function sendText(outgoing: ServerResponse, status: number, contentType: string, body: string): void {
  outgoing.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body) });
  outgoing.end(body);
}

function sendJson(outgoing: ServerResponse, status: number, value: unknown): void {
  sendText(outgoing, status, "application/json", JSON.stringify(value));
}

function sendEmpty(outgoing: ServerResponse): void {
  outgoing.writeHead(204);
  outgoing.end();
}

async function readText(incoming: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming) {
    if (!(chunk instanceof Buffer)) throw new Error("the request body arrived as text, not bytes");
    size += chunk.length;
    if (size > MAX_CONTROL_BODY_BYTES) {
      throw new FaultCommandError(`the body is larger than ${MAX_CONTROL_BODY_BYTES} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
