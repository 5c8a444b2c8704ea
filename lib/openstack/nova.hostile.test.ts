import type { IncomingMessage, ServerResponse } from "node:http";

import { afterEach, describe, expect, it } from "vitest";

import { hostileServer, json, listedServer } from "@/lib/server/testing/hostile-server";

import { OpenStackError } from "./errors";
import { listServers, MAX_SERVER_PAGES } from "./nova";

const versionDocument = (max: string) => ({
  version: { id: "v2.1", version: max, min_version: "2.1" },
});

/** A Nova that answers its version document at the root, and `servers` to everything else. */
const nova = (maxVersion: string, servers: (req: IncomingMessage, res: ServerResponse) => void) =>
  hostileServer((req, res) =>
    req.url === "/v2.1" ? json(res, versionDocument(maxVersion)) : servers(req, res),
  );

describe("the Nova client against a hostile upstream", () => {
  let close: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await close?.();
    close = null;
  });

  it("refuses a Nova too old to name a server's flavor, before asking it anything else", async () => {
    const upstream = await nova("2.40", (_req, res) => json(res, { servers: [] }));
    close = upstream.close;
    const err = await listServers({ endpoint: `${upstream.url}/v2.1`, token: "t" }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OpenStackError);
    expect((err as Error).message).toBe(
      "This cloud's Nova speaks microversions 2.1 to 2.40; this dashboard needs 2.47 or later.",
    );
    expect(upstream.requests).toEqual(["GET /v2.1"]);
  });

  it("names the microversion on every call, and stops after a bounded number of pages", async () => {
    const versions = new Set<string | undefined>();
    let page = 0;
    const upstream = await nova("2.93", (req, res) => {
      versions.add(req.headers["openstack-api-version"] as string | undefined);
      page++;
      json(res, {
        servers: [listedServer(`s${page}`)],
        servers_links: [{ rel: "next", href: `/v2.1/servers/detail?marker=s${page}` }],
      });
    });
    close = upstream.close;
    const err = await listServers({ endpoint: `${upstream.url}/v2.1`, token: "t" }).catch(
      (e: unknown) => e,
    );
    expect((err as Error).message).toMatch(
      `Nova kept offering more pages of servers after ${MAX_SERVER_PAGES}`,
    );
    expect(page).toBe(MAX_SERVER_PAGES);
    expect([...versions]).toEqual(["compute 2.79"]);
  });

  it("cuts what a server says to what a page can show: names, metadata, security groups", async () => {
    const long = "x".repeat(100_000);
    const upstream = await nova("2.93", (_req, res) =>
      json(res, {
        servers: [
          listedServer("s1", {
            name: long,
            key_name: long,
            metadata: Object.fromEntries(
              Array.from({ length: 5000 }, (_, i) => [`k${i}`, "v".repeat(300)]),
            ),
            security_groups: Array.from({ length: 5000 }, (_, i) => ({ name: `g${i}` })),
            fault: { message: long, code: 500 },
          }),
        ],
      }),
    );
    close = upstream.close;
    const [s] = await listServers({ endpoint: `${upstream.url}/v2.1`, token: "t" });
    expect(s!.name).toHaveLength(255);
    expect(s!.keyName).toHaveLength(255);
    expect(s!.fault).toHaveLength(255);
    expect(Object.keys(s!.metadata)).toHaveLength(128);
    expect(Object.values(s!.metadata).every((v) => v.length === 255)).toBe(true);
    expect(s!.securityGroups).toHaveLength(128);
  });
});
