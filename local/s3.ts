import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";
import { listen } from "./ports.ts";

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
 * fresh temporary folder that is removed on close. s3rver's request handler runs in a server of
 * ours, so a port in use is the usual one-line error (s3rver's own `run` throws it as an event).
 */
export async function startLocalS3(options: {
  bucket: string;
  host?: string;
  port?: number;
}): Promise<LocalS3> {
  const host = options.host ?? "127.0.0.1";
  const directory = await mkdtemp(join(tmpdir(), "latest-ami-s3-"));
  const s3rver = new S3rver({ silent: true, directory, configureBuckets: [{ name: options.bucket }] });
  const server = createServer(s3rver.callback());
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
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await rm(directory, { recursive: true, force: true });
    },
  };
}
