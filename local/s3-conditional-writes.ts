/**
 * S3's conditional writes (PutObject with If-Match / If-None-Match), decided from the request's
 * headers and the object currently under the key. Pure: the write gate reads the object and holds
 * the key's lock; this only says whether the write may go ahead, and if not, what S3 answers.
 *
 * What S3 does, from the Amazon S3 User Guide, "How to prevent object overwrites with conditional
 * writes" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html), and the
 * PutObject API reference (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html):
 * - `If-None-Match: *` writes only when no object has the key; otherwise 412 Precondition Failed.
 * - `If-Match: <etag>` writes only when the current object's ETag is that one; a different ETag is
 *   412 Precondition Failed, and no object at all is 404 Not Found (NoSuchKey).
 * - `If-None-Match` expects `*` and nothing else; an ETag there is answered 501 NotImplemented by
 *   real S3 (reported in aws/aws-sdk-ruby#3144), and so is sending both headers at once (what
 *   versitygw found S3 does, versity/versitygw#1727).
 */
import type { IncomingHttpHeaders } from "node:http";
import type { S3ErrorReply } from "./s3-error-reply.ts";

/** The preconditions a write request carries; undefined where the header is absent. */
export interface WritePreconditions {
  ifMatch: string | undefined;
  ifNoneMatch: string | undefined;
}

/** The If-Match and If-None-Match headers of a request. */
export function writePreconditions(headers: IncomingHttpHeaders): WritePreconditions {
  return { ifMatch: headers["if-match"], ifNoneMatch: headers["if-none-match"] };
}

/** Whether the request is a conditional write at all (most are not, and skip the object lookup). */
export function isConditional(preconditions: WritePreconditions): boolean {
  return preconditions.ifMatch !== undefined || preconditions.ifNoneMatch !== undefined;
}

/**
 * Whether a write to `key` may go ahead, given the ETag of the object now under it (undefined: no
 * object). Returns undefined when it may, or the error S3 answers instead.
 * @example judgeWrite({ ifMatch: undefined, ifNoneMatch: "*" }, '"9a0364b9e99bb480dd25e1f0284c8555"', "a.json")
 *   // { status: 412, code: "PreconditionFailed", ..., details: { Condition: "If-None-Match" } }
 */
export function judgeWrite(
  preconditions: WritePreconditions,
  currentEtag: string | undefined,
  key: string,
): S3ErrorReply | undefined {
  const { ifMatch, ifNoneMatch } = preconditions;
  if (ifNoneMatch !== undefined && (ifMatch !== undefined || ifNoneMatch.trim() !== "*")) {
    return notImplemented("If-None-Match");
  }
  if (ifNoneMatch !== undefined) {
    return currentEtag === undefined ? undefined : preconditionFailed("If-None-Match");
  }
  if (ifMatch === undefined) return undefined;
  if (currentEtag === undefined) {
    return {
      status: 404,
      code: "NoSuchKey",
      message: "The specified key does not exist.",
      details: { Key: key },
    };
  }
  return etagMatches(ifMatch, currentEtag) ? undefined : preconditionFailed("If-Match");
}

// S3 sends ETags quoted and SDK callers pass them back as received, but some strip the quotes
// first; both spellings name the same object. `*` is RFC 7232's "any current representation".
function etagMatches(wanted: string, current: string): boolean {
  const bare = (etag: string) => etag.trim().replace(/^"(.*)"$/, "$1");
  return wanted.trim() === "*" || bare(wanted) === bare(current);
}

function preconditionFailed(condition: "If-Match" | "If-None-Match"): S3ErrorReply {
  return {
    status: 412,
    code: "PreconditionFailed",
    message: "At least one of the pre-conditions you specified did not hold",
    details: { Condition: condition },
  };
}

function notImplemented(header: string): S3ErrorReply {
  return {
    status: 501,
    code: "NotImplemented",
    message: "A header you provided implies functionality that is not implemented",
    details: { Header: header },
  };
}
