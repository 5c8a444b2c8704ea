import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The loopback port the local Glances accept web-download imports from (scripts/local-cloud,
 * IMPORT_SOURCE_PORT): Glance refuses loopback sources and other ports unless listed.
 */
export const IMPORT_SOURCE_PORT = 9380;

/**
 * A web-download source that breaks: it promises 1 MiB and hangs up after 1 KB, so
 * Glance's import of it fails as one from a dropped download does. Close it when done.
 */
export async function brokenImportSource(): Promise<{
  url: (path: string) => string;
  requests: () => number;
  close: () => Promise<void>;
}> {
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    res.writeHead(200, {
      "Content-Type": "application/octet-stream",
      "Content-Length": String(2 ** 20),
    });
    res.write(Buffer.alloc(1024, 7), () => res.socket?.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(IMPORT_SOURCE_PORT, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests: () => requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
