import { afterEach, describe, expect, it } from "vitest";

import type { AccessEvent } from "@/lib/schemas/access";
import { ProjectContext, rememberEndpoints } from "@/lib/server/core/context";
import { MemoryJar, SessionStore, type StoredConnection } from "@/lib/server/session";
import { hostileServer, json, listedImage } from "@/lib/server/testing/hostile-server";

import { ACCESS_CONCURRENCY, prepareAccess } from "./service";

const SECRET = "a-test-secret-that-is-at-least-32-characters-long";
const IMAGES = 200;

describe("the access audit", () => {
  let close: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await close?.();
    close = null;
  });

  it("stops asking for member lists once its reader has gone", async () => {
    // A slow upstream with many shared images: each member list takes 50 ms.
    const upstream = await hostileServer((req, res) => {
      // Hidden images (os_hidden=true) are a listing of their own: none here.
      if (req.url!.startsWith("/v2/images?")) {
        return json(res, {
          images: req.url!.includes("os_hidden=true")
            ? []
            : Array.from({ length: IMAGES }, (_, i) => listedImage(`img-${i}`)),
        });
      }
      setTimeout(() => json(res, { members: [] }), 50);
    });
    close = upstream.close;
    const stored: StoredConnection = {
      id: "c1",
      cloud: "local",
      authUrl: "http://127.0.0.1:5000/v3",
      token: "t",
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      method: "password",
      user: { id: "u1", name: "alice", domainName: "Default" },
      project: { id: "p1", name: "alpha", domainName: "Default" },
      roles: ["member"],
    };
    rememberEndpoints(stored, [{ region: "RegionOne", url: upstream.url }]);
    const jar = new MemoryJar();
    const session = new SessionStore(jar, { secret: SECRET, secure: false });
    await session.writeConnection(stored);

    const run = await prepareAccess(
      new ProjectContext(new SessionStore(jar, { secret: SECRET, secure: false })),
    );
    const gone = new AbortController();
    const events: AccessEvent[] = [];
    await run((event) => {
      events.push(event);
      if (event.type === "rows") gone.abort();
    }, gone.signal);

    const memberLists = () => upstream.requests.filter((r) => r.includes("/members")).length;
    const pause = () => new Promise((r) => setTimeout(r, 300));
    expect(events[0]).toEqual({ type: "images", count: IMAGES });
    // Those already sent when the reader left (on a busy machine some reach the server only
    // now), and none after: going on would have asked ACCESS_CONCURRENCY more every 50 ms.
    await pause();
    const settled = memberLists();
    expect(settled).toBeLessThanOrEqual(2 * ACCESS_CONCURRENCY);
    await pause();
    expect(memberLists()).toBe(settled);
  });
});
