// s3rver ships no types; this covers what local/s3.ts uses. Mapped in tsconfig.json "paths".
import type { IncomingMessage, ServerResponse } from "node:http";

export interface S3rverOptions {
  silent?: boolean;
  directory?: string;
  configureBuckets?: { name: string }[];
}

/**
 * The parts of s3rver's FilesystemStore the write gate reads. Answers are `unknown` on purpose:
 * they are JavaScript objects from an untyped library, checked where they are used.
 */
export interface S3rverStore {
  /** The bucket, or null when there is none. */
  getBucket(bucket: string): Promise<unknown>;
  /** The object's metadata (`etag` among it); rejects with an ENOENT error when there is no object. */
  getMetadata(bucket: string, key: string): Promise<unknown>;
}

/** A Koa application: `callback()` is its Node request handler. */
export default class S3rver {
  constructor(options: S3rverOptions);
  readonly store: S3rverStore;
  configureBuckets(): Promise<void>;
  callback(): (request: IncomingMessage, response: ServerResponse) => void;
}
