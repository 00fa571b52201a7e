/**
 * Which requests to s3rver replace or remove one object, and which object: the requests the write
 * gate serialises per key. Pure, and deliberately the same reading of host and path as s3rver's
 * own (its vhost middleware and router), so the gate locks the key s3rver is about to write.
 */
import { isIP } from "node:net";
import { hostname as machineName } from "node:os";

/** A request that writes one object: a PUT (PutObject, or CopyObject onto it) or a DELETE. */
export interface ObjectWrite {
  method: "PUT" | "DELETE";
  bucket: string;
  key: string;
}

/**
 * Query parameters that turn a request on an object into another operation (multipart parts,
 * tagging, ACLs...): s3rver 3.7's bucket and object METHODS lists, which its router dispatches on.
 */
const SUB_RESOURCES = new Set([
  "acl",
  "analytics",
  "cors",
  "delete",
  "encryption",
  "inventory",
  "legal-hold",
  "lifecycle",
  "location",
  "metrics",
  "notification",
  "object-lock",
  "policy",
  "policyStatus",
  "publicAccessBlock",
  "replication",
  "requestPayment",
  "retention",
  "select",
  "tagging",
  "torrent",
  "uploadId",
  "uploads",
  "versions",
  "website",
]);

/** `<bucket>.s3[-website][-region].amazonaws.com`, s3rver's default service endpoint. */
const SERVICE_HOST = /^(?:(.+)\.)?s3(-website)?([-.].+)?\.amazonaws\.com$/;

/**
 * The object a request writes, or undefined when it writes none (reads, listings, bucket
 * operations, multipart parts, tagging).
 * @example objectWrite("PUT", "/latest-ami/v1/us-east-1.json?x-id=PutObject", "127.0.0.1:4569")
 *   // { method: "PUT", bucket: "latest-ami", key: "v1/us-east-1.json" }
 */
export function objectWrite(
  method: string | undefined,
  url: string | undefined,
  host: string | undefined,
): ObjectWrite | undefined {
  if (method !== "PUT" && method !== "DELETE") return undefined;
  const { pathname, searchParams } = new URL(url ?? "/", "http://s3rver.invalid");
  if ([...searchParams.keys()].some((name) => SUB_RESOURCES.has(name))) return undefined;
  const address = /^\/([^/]+)\/(.+)$/.exec(bucketPath(pathname, hostName(host ?? "")));
  if (!address?.[1] || !address[2]) return undefined;
  return { method, bucket: decode(address[1]), key: decode(address[2]) };
}

// Koa's `ctx.hostname`: the Host header without its port (an IPv6 literal keeps its brackets).
function hostName(host: string): string {
  if (host.startsWith("[")) return /^(\[[^\]]*\])/.exec(host)?.[1] ?? "";
  return host.split(":", 1)[0] ?? "";
}

// s3rver's vhost middleware: a bucket named by the host moves to the front of the path. An IP,
// localhost or this machine's name is path-style, which is what the SDK uses against an IP.
function bucketPath(pathname: string, host: string): string {
  const service = SERVICE_HOST.exec(host);
  if (service) return service[1] ? `/${service[1]}${pathname}` : pathname;
  if (isIP(host) !== 0 || host === "localhost" || host === machineName()) return pathname;
  return `/${host}${pathname}`;
}

// @koa/router's decoding of path parameters: a malformed escape is kept as it was.
function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
