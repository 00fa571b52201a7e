import { createServer, type Server } from "node:net";

/** One line a person can act on, in place of a raw EADDRINUSE stack. */
export function listenError(error: unknown, host: string, port: number | undefined): Error {
  const code = typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
  if (code === "EADDRINUSE") return new Error(`port ${port} on ${host} is already in use`);
  if (code === "EACCES")
    return new Error(`port ${port} on ${host} needs privileges this process does not have`);
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(`cannot listen on port ${port} of ${host}: ${reason}`);
}

/** Rejects with the one-line message when `port` cannot be listened on. */
export function assertPortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error) => reject(listenError(error, host, port)));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** Listens on `host`:`port` (0: any free port) and resolves with the port, or rejects with the one-line error. */
export function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const failed = (error: Error) => reject(listenError(error, host, port));
    server.once("error", failed);
    server.listen(port, host, () => {
      server.off("error", failed);
      const address = server.address();
      if (address === null || typeof address === "string")
        reject(new Error(`the server on ${host} reported no port`));
      else resolve(address.port);
    });
  });
}
