import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";
import { listenError } from "./ports.ts";

/**
 * s3rver's built-in key pair. s3rver 3.7 checks that a SigV4 request names this key id but does not
 * verify the signature itself (its source says so); tests that need a checked signature recompute it.
 */
export const LOCAL_S3_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

export interface LocalS3 {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * A real S3-protocol server (s3rver) on loopback with `bucket` created, storing objects in a
 * fresh temporary folder that is removed on close.
 */
export async function startLocalS3(options: {
  bucket: string;
  host?: string;
  port?: number;
}): Promise<LocalS3> {
  const host = options.host ?? "127.0.0.1";
  const directory = await mkdtemp(join(tmpdir(), "latest-ami-s3-"));
  const server = new S3rver({
    address: host,
    port: options.port ?? 0,
    silent: true,
    directory,
    configureBuckets: [{ name: options.bucket }],
  });
  let address: AddressInfo;
  try {
    address = await server.run();
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw listenError(error, host, options.port);
  }
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
