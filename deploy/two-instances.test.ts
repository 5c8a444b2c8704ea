// Two production instances behind Debian's nginx, with one SESSION_SECRET and the journal
// in the local cloud's PostgreSQL, as the README's deployment section sets them up. The
// proxy settings are the repository's own (deploy/nginx/proxy-params.conf), the servers
// the standalone build started as `npm start` does. Needs `npm run build` and the local cloud.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DashboardSession } from "../scripts/bench/http";
import { DashboardServer } from "../scripts/testing/dashboard-server";
import { openstackCli } from "../scripts/testing/openstack-cli";

const root = path.resolve(import.meta.dirname, "..");
const PROXY_PORT = 3210;
const INSTANCE_PORTS = [3211, 3212] as const;
const ORIGIN = `http://127.0.0.1:${PROXY_PORT}`;
const PG_ADMIN_URL =
  process.env.JOURNAL_TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:55432/postgres";
const PG_DB = "glance_share_deploy_test";
const work = mkdtempSync(path.join(tmpdir(), "glance-share-deploy-"));

const instanceEnv = (databaseUrl: string): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  SESSION_SECRET: "deploy-test-secret-8c1f5e9a2b7d4c6e0f3a9b8d",
  APP_ORIGIN: ORIGIN,
  GLANCE_SHARE_TRUST_PROXY: "true",
  DATABASE_URL: databaseUrl,
  GLANCE_SHARE_PRESETS: "local",
  OS_CLIENT_CONFIG_FILE: "",
});

/** The browser's side (the benchmarks' session: one cookie jar, its Origin), noting which instance answered each request. */
function browserSession() {
  const session = new DashboardSession(ORIGIN);
  const servedBy: string[] = [];
  // nginx lists every instance it tried in the test's X-Upstream: the last one answered.
  session.onHeaders = (headers) =>
    servedBy.push((headers.get("x-upstream") ?? "none").split(", ").at(-1)!);
  return {
    call: (method: string, pathname: string, body?: unknown) =>
      session.call(method, pathname, body) as Promise<Record<string, unknown>>,
    session,
    servedBy,
  };
}

const journalUrl = new URL(PG_ADMIN_URL);
journalUrl.pathname = `/${PG_DB}`;
const [first, second] = INSTANCE_PORTS.map(
  (port) => new DashboardServer(port, instanceEnv(journalUrl.toString())),
) as [DashboardServer, DashboardServer];
const instances = [first, second];
let nginx: ChildProcess;

beforeAll(async () => {
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${PG_DB}`);
  await admin.end();

  writeFileSync(
    path.join(work, "nginx.conf"),
    `daemon off;
pid ${work}/nginx.pid;
error_log ${work}/error.log;
events { worker_connections 256; }
http {
  access_log ${work}/access.log;
  client_body_temp_path ${work}/body;
  proxy_temp_path ${work}/proxy;
  fastcgi_temp_path ${work}/fastcgi;
  uwsgi_temp_path ${work}/uwsgi;
  scgi_temp_path ${work}/scgi;
  upstream glance_share {
    server 127.0.0.1:${INSTANCE_PORTS[0]} max_fails=1 fail_timeout=2s;
    server 127.0.0.1:${INSTANCE_PORTS[1]} max_fails=1 fail_timeout=2s;
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${PROXY_PORT};
    location / {
      proxy_pass http://glance_share;
      include ${root}/deploy/nginx/proxy-params.conf;
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`,
  );
  nginx = spawn("nginx", ["-p", work, "-c", path.join(work, "nginx.conf")], { stdio: "inherit" });
  await Promise.all(instances.map((i) => i.start()));
}, 120_000);

afterAll(async () => {
  nginx?.kill("SIGQUIT");
  await Promise.all(instances.map((i) => i.stop()));
  rmSync(work, { recursive: true, force: true });
});

/** nginx retries a failed instance after fail_timeout: wait until it sends a request there again. */
async function untilProxyReaches(port: number) {
  for (let i = 0; i < 50; i++) {
    const res = await fetch(`${ORIGIN}/api/health`);
    if (res.headers.get("x-upstream")?.split(", ").at(-1) === `127.0.0.1:${port}`) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`nginx never sent a request to ${port}`);
}

const cliVisibility = async (imageId: string) =>
  (await openstackCli<{ visibility: string }>("alpha", ["image", "show", imageId])).visibility;

describe("two instances behind nginx", () => {
  it("serve one session and one journal: either can stop mid-session and the other takes the next request", async () => {
    const browser = browserSession();
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
    await untilProxyReaches(INSTANCE_PORTS[0]);
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
