// s3rver ships no types; this covers what local/s3.ts uses. Mapped in tsconfig.json "paths".
import type { IncomingMessage, ServerResponse } from "node:http";

export interface S3rverOptions {
  silent?: boolean;
  directory?: string;
  configureBuckets?: { name: string }[];
}

/** A Koa application: `callback()` is its Node request handler. */
export default class S3rver {
  constructor(options: S3rverOptions);
  configureBuckets(): Promise<void>;
  callback(): (request: IncomingMessage, response: ServerResponse) => void;
}
