// Two production instances behind Debian's nginx, with one SESSION_SECRET and the journal
// in the local cloud's PostgreSQL, as the README's deployment section sets them up. The
// proxy settings are the repository's own (deploy/nginx/proxy-params.conf), the servers
// the standalone build started as `npm start` does. Needs `npm run build` and the local cloud.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { DashboardServer } from "../scripts/testing/dashboard-server";
import { openstackCli } from "../scripts/testing/openstack-cli";
import { freshDatabase, PG_ADMIN_URL } from "../scripts/testing/postgres";
import { startProxiedInstances, type ProxiedInstances } from "../scripts/testing/proxied-instances";

const INSTANCE_PORTS = [3211, 3212] as const;
let proxied: ProxiedInstances;

beforeAll(async () => {
  proxied = await startProxiedInstances({
    proxyPort: 3210,
    ports: [...INSTANCE_PORTS],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      SESSION_SECRET: "deploy-test-secret-8c1f5e9a2b7d4c6e0f3a9b8d",
      DATABASE_URL: await freshDatabase(PG_ADMIN_URL, "glance_share_deploy_test"),
      GLANCE_SHARE_PRESETS: "local",
      OS_CLIENT_CONFIG_FILE: "",
    },
  });
}, 120_000);

afterAll(() => proxied?.stop());

const cliVisibility = async (imageId: string) =>
  (await openstackCli<{ visibility: string }>("alpha", ["image", "show", imageId])).visibility;

describe("two instances behind nginx", () => {
  it("serve one session and one journal: either can stop mid-session and the other takes the next request", async () => {
    const browser = proxied.browser();
    const [first, second] = proxied.instances as [DashboardServer, DashboardServer];
    const connection = await browser.session.connect("alpha-member", "alpha");

    // Round robin: both instances open the cookie the first one sealed.
    for (let i = 0; i < 4; i++) {
      const { connections } = (await browser.call("GET", "/api/projects")) as {
        connections: { project: { name: string } }[];
      };
      expect(connections.map((c) => c.project.name)).toEqual(["alpha"]);
    }
    expect(new Set(browser.servedBy.slice(-4))).toEqual(
      new Set(INSTANCE_PORTS.map((p) => `127.0.0.1:${p}`)),
    );

    const { images } = (await browser.call(
      "GET",
      `/api/images?connection=${connection}&region=RegionOne&tab=owned`,
    )) as {
      images: { id: string; name: string; visibility: string }[];
    };
    const image = images.find((i) => i.name === "debian-12-hardened")!;
    expect(image.visibility).toBe("private");
    expect(await cliVisibility(image.id)).toBe("private");

    // The first instance stops mid-session; the second serves the change.
    await first.stop();
    browser.servedBy.length = 0;
    await browser.call("PATCH", `/api/images/${image.id}`, {
      connection,
      region: "RegionOne",
      visibility: "shared",
    });
    expect(await cliVisibility(image.id)).toBe("shared");

    // It comes back and the second stops: the first serves the same session and reads the
    // journal entry the second wrote.
    await first.start();
    await proxied.untilProxyReaches(INSTANCE_PORTS[0]);
    await second.stop();
    await browser.call("PATCH", `/api/images/${image.id}`, {
      connection,
      region: "RegionOne",
      visibility: "private",
    });
    expect(await cliVisibility(image.id)).toBe("private");
    const { entries } = (await browser.call("GET", "/api/journal")) as {
      entries: { action: string; image: { id: string }; outcome: string }[];
    };
    expect(
      entries.filter((e) => e.image.id === image.id).map((e) => `${e.action} ${e.outcome}`),
    ).toEqual(["visibility_private ok", "visibility_shared ok"]);
    expect(browser.servedBy).toEqual([
      `127.0.0.1:${INSTANCE_PORTS[1]}`,
      `127.0.0.1:${INSTANCE_PORTS[0]}`,
      `127.0.0.1:${INSTANCE_PORTS[0]}`,
    ]);
    await second.start();
  }, 120_000);
});
