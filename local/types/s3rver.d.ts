// s3rver ships no types; this covers what local/s3.ts uses. Mapped in tsconfig.json "paths".
import type { AddressInfo } from "node:net";

export interface S3rverOptions {
  address?: string;
  port?: number;
  silent?: boolean;
  directory?: string;
  configureBuckets?: { name: string }[];
}

export default class S3rver {
  constructor(options: S3rverOptions);
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
