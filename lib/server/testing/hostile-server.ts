import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A test server that plays a hostile or broken upstream (endless pages, slow answers):
 * an attacker in a test, not a stand-in for Glance, whose real behaviour is tested
 * against the local cloud. It records every request it receives.
 */
export async function hostileServer(
  answer: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>,
) {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    void answer(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An image as Glance lists it, with the fields our schema reads. */
export const listedImage = (id: string, owner = "p1") => ({
  id,
  name: `image-${id}`,
  status: "active",
  visibility: "shared",
  protected: false,
  owner,
  created_at: "2026-11-01T00:00:00Z",
  updated_at: "2026-11-01T00:00:00Z",
});

/** A server as Nova lists it (microversion 2.47 and later), with the fields our schema reads. */
export const listedServer = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `server-${id}`,
  status: "ACTIVE",
  tenant_id: "p1",
  user_id: "u1",
  created: "2026-11-01T00:00:00Z",
  image: { id: "img-1" },
  flavor: { original_name: "m1.small", vcpus: 1, ram: 2048, disk: 20 },
  ...extra,
});

export const json = (res: ServerResponse, body: unknown) => {
  res.writeHead(200, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
};
