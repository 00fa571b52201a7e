/**
 * What stands in front of s3rver's request handler for object writes: S3's conditional writes
 * (which s3rver 3.7 ignores on PUT), injected write failures, and a count of PUTs. Everything else
 * goes straight through to s3rver.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { finished } from "node:stream/promises";
import { keyLock } from "./key-lock.ts";
import { isConditional, judgeWrite, writePreconditions } from "./s3-conditional-writes.ts";
import { type S3ErrorReply, sendS3Error } from "./s3-error-reply.ts";
import { type ObjectWrite, objectWrite } from "./s3-object-write.ts";

/**
 * A way for PutObject (and CopyObject) to fail, as S3 fails: the error answered in place of the
 * write, which never reaches the store. `match` limits it to keys containing that text; `times` to that many PUTs
 * (default: every one until cleared).
 */
export type WriteFault = ({ status: 500; code: "InternalError" } | { status: 503; code: "SlowDown" }) & {
  match?: string;
  times?: number;
};

/** What S3 says with each fault's code. */
const FAULT_MESSAGES: Readonly<Record<WriteFault["code"], string>> = {
  InternalError: "We encountered an internal error. Please try again.",
  SlowDown: "Please reduce your request rate.",
};

/** The object under a key, as far as a precondition cares. */
export type CurrentObject = { kind: "no-bucket" } | { kind: "absent" } | { kind: "present"; etag: string };

/** Reads the object under `key` in `bucket` from the store behind the handler. */
export type ReadObject = (bucket: string, key: string) => Promise<CurrentObject>;

export interface WriteGate {
  /** The request handler to serve: s3rver's, with the gate in front. */
  handle: RequestListener;
  /** Makes PutObject fail as `fault` says, from the next request on; undefined stops failing. */
  failWrites(fault: WriteFault | undefined): void;
  /**
   * How many PUTs of an object (PutObject, or CopyObject onto it) arrived for keys containing
   * `keySubstring` (all keys when omitted), refused and failed ones included.
   */
  putCount(keySubstring?: string): number;
}

/**
 * Puts the gate in front of `next`, s3rver's handler, reading current objects with `readObject`.
 *
 * Check and write are atomic per key: every PUT and DELETE of an object holds that key's lock from
 * before its precondition check until its response is done, so no other write to the key can land
 * between the check and the write. The lock is in this process, which is enough because s3rver's
 * store has no other writer; a second process on the same folder would not be serialised.
 *
 * So of concurrent conditional writes to one key the first to take the lock wins and the rest see
 * the winner's object and get 412 PreconditionFailed, which is what S3 documents ("the first write
 * operation to finish succeeds", later ones 412). S3's 409 ConditionalRequestConflict is for a
 * write that races a delete; here a delete waits its turn like any write, so 409 never happens.
 */
export function writeGate(next: RequestListener, readObject: ReadObject): WriteGate {
  const acquire = keyLock();
  const putsByKey = new Map<string, number>();
  let fault: { setting: WriteFault; remaining: number } | undefined;

  function takeFault(key: string): WriteFault | undefined {
    if (!fault) return undefined;
    const { setting } = fault;
    if (setting.match !== undefined && !key.includes(setting.match)) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) fault = undefined;
    return setting;
  }

  async function gate(request: IncomingMessage, response: ServerResponse, write: ObjectWrite): Promise<void> {
    if (write.method === "PUT") {
      putsByKey.set(write.key, (putsByKey.get(write.key) ?? 0) + 1);
      const failure = takeFault(write.key);
      if (failure) {
        await refuse(request, response, {
          status: failure.status,
          code: failure.code,
          message: FAULT_MESSAGES[failure.code],
        });
        return;
      }
    }
    // Released when the response is done or the client goes, whichever way the request ends.
    let closed = false;
    const held = acquire(`${write.bucket}/${write.key}`);
    response.once("close", () => {
      closed = true;
      void held.then((release) => release());
    });
    await held;
    if (closed) return;
    const preconditions = writePreconditions(request.headers);
    if (write.method === "PUT" && isConditional(preconditions)) {
      const current = await readObject(write.bucket, write.key);
      // A missing bucket is s3rver's to answer (NoSuchBucket), as S3 checks the bucket first.
      const refusal =
        current.kind === "no-bucket"
          ? undefined
          : judgeWrite(preconditions, current.kind === "present" ? current.etag : undefined, write.key);
      if (refusal) {
        await refuse(request, response, refusal);
        return;
      }
    }
    next(request, response);
  }

  return {
    handle(request, response) {
      const write = objectWrite(request.method, request.url, request.headers.host);
      if (!write) {
        next(request, response);
        return;
      }
      gate(request, response, write).catch((error: unknown) => {
        console.error(`local S3: gating ${write.method} of ${write.bucket}/${write.key} failed:`, error);
        if (response.headersSent) {
          response.destroy();
          return;
        }
        sendS3Error(response, { status: 500, code: "InternalError", message: FAULT_MESSAGES.InternalError });
      });
    },
    failWrites(setting) {
      const times = setting?.times;
      if (times !== undefined && !(Number.isInteger(times) && times > 0)) {
        throw new RangeError(`a write fault's times must be a positive integer, not ${times}`);
      }
      fault = setting && { setting, remaining: times ?? Number.POSITIVE_INFINITY };
    },
    putCount(keySubstring = "") {
      let count = 0;
      for (const [key, puts] of putsByKey) if (key.includes(keySubstring)) count += puts;
      return count;
    },
  };
}

/**
 * Answers `reply` once the request body has been read: answering first would leave the client
 * writing into a connection the server is done with, which SDKs report as a reset, not the error.
 */
async function refuse(
  request: IncomingMessage,
  response: ServerResponse,
  reply: S3ErrorReply,
): Promise<void> {
  request.resume();
  try {
    await finished(request);
  } catch {
    // The client went away mid-body: nobody is left to answer.
    return;
  }
  sendS3Error(response, reply);
}
