import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver, { type S3rverStore } from "s3rver";
import { listen } from "./ports.ts";
import { type ReadObject, type WriteFault, writeGate } from "./s3-write-gate.ts";

export type { WriteFault } from "./s3-write-gate.ts";

/**
 * s3rver's built-in key pair. s3rver 3.7 checks that a SigV4 request names this key id but does not
 * verify the signature itself (its source says so); tests that need a checked signature recompute it.
 */
export const LOCAL_S3_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

export interface LocalS3 {
  url: string;
  port: number;
  /**
   * Makes PutObject fail with S3's error from the next request on, leaving the stored object as it
   * was; undefined stops failing.
   * @example s3.failWrites({ status: 503, code: "SlowDown", match: "us-east-1", times: 2 })
   */
  failWrites(fault: WriteFault | undefined): void;
  /**
   * How many PutObject (or CopyObject) requests arrived for keys containing `keySubstring` (all
   * when omitted), refused and failed ones included: each SDK retry is one more.
   */
  putCount(keySubstring?: string): number;
  close(): Promise<void>;
}

/**
 * A real S3-protocol server (s3rver) on loopback with `bucket` created, storing objects in a
 * fresh temporary folder that is removed on close. s3rver's request handler runs in a server of
 * ours, so a port in use is the usual one-line error (s3rver's own `run` throws it as an event),
 * and so a write gate can stand in front of it: S3's conditional PutObject (If-Match,
 * If-None-Match), which s3rver lacks, and injected write failures (see local/s3-write-gate.ts).
 */
export async function startLocalS3(options: {
  bucket: string;
  host?: string;
  port?: number;
}): Promise<LocalS3> {
  const host = options.host ?? "127.0.0.1";
  const directory = await mkdtemp(join(tmpdir(), "latest-ami-s3-"));
  const s3rver = new S3rver({ silent: true, directory, configureBuckets: [{ name: options.bucket }] });
  const gate = writeGate(s3rver.callback(), objectReader(s3rver.store));
  const server = createServer(gate.handle);
  let port: number;
  try {
    await s3rver.configureBuckets();
    port = await listen(server, host, options.port ?? 0);
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `http://${host}:${port}`,
    port,
    failWrites: gate.failWrites,
    putCount: gate.putCount,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** Reads current objects from s3rver's own store, which is what its GET and HEAD answer from. */
function objectReader(store: S3rverStore): ReadObject {
  return async (bucket, key) => {
    if ((await store.getBucket(bucket)) === null) return { kind: "no-bucket" };
    let metadata: unknown;
    try {
      metadata = await store.getMetadata(bucket, key);
    } catch (error) {
      // The store reads the object's file first: no file (or a file where a folder should be) is no object.
      const code = typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
      if (code === "ENOENT" || code === "ENOTDIR") return { kind: "absent" };
      throw error;
    }
    const etag =
      typeof metadata === "object" && metadata !== null && "etag" in metadata ? metadata.etag : undefined;
    if (typeof etag !== "string") throw new Error(`s3rver's metadata for ${bucket}/${key} has no ETag`);
    return { kind: "present", etag };
  };
}
