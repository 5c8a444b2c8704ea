// Production instances behind Debian's nginx, as the README's deployment section sets them
// up: one SESSION_SECRET, the repository's own proxy settings (deploy/nginx/proxy-params.conf),
// each server the standalone build started as `npm start` does. For the deployment tests.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { DashboardSession } from "../bench/http";
import { DashboardServer } from "./dashboard-server";

const root = process.cwd();
export interface ProxiedInstances {
  origin: string;
  instances: DashboardServer[];
  /** The browser's side: one cookie jar and its Origin, noting which instance answered each request. */
  browser(): {
    call: (method: string, pathname: string, body?: unknown) => Promise<Record<string, unknown>>;
    session: DashboardSession;
    servedBy: string[];
  };
  /** nginx retries a failed instance after fail_timeout: waits until it sends a request there again. */
  untilProxyReaches(port: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts nginx on `proxyPort` in front of one instance per port, each with `env` (and its own
 * extra). With `handOffSecret`, nginx sends it and the instances take it: nginx fetches downloads.
 */
export async function startProxiedInstances({
  proxyPort,
  ports,
  env,
  extra = () => ({}),
  handOffSecret,
}: {
  proxyPort: number;
  ports: number[];
  env: NodeJS.ProcessEnv;
  extra?: (index: number) => Record<string, string>;
  handOffSecret?: string;
}): Promise<ProxiedInstances> {
  const origin = `http://127.0.0.1:${proxyPort}`;
  const work = mkdtempSync(path.join(tmpdir(), "glance-share-proxied-"));
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
${ports.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=2s;`).join("\n")}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${proxyPort};
    location / {
      proxy_pass http://glance_share;
      include ${root}/deploy/nginx/proxy-params.conf;
      ${handOffSecret ? `proxy_set_header X-Glance-Share-Handoff "${handOffSecret}";` : ""}
      add_header X-Upstream $upstream_addr always;
    }
    include ${root}/deploy/nginx/download-handoff.conf;
  }
}
`,
  );
  const nginx: ChildProcess = spawn("nginx", ["-p", work, "-c", path.join(work, "nginx.conf")], {
    stdio: "inherit",
  });
  const instances = ports.map(
    (port, i) =>
      new DashboardServer(port, {
        ...env,
        APP_ORIGIN: origin,
        GLANCE_SHARE_TRUST_PROXY: "true",
        ...(handOffSecret ? { GLANCE_SHARE_HANDOFF_SECRET: handOffSecret } : {}),
        ...extra(i),
      }),
  );
  await Promise.all(instances.map((i) => i.start()));
  return {
    origin,
    instances,
    browser() {
      const session = new DashboardSession(origin);
      const servedBy: string[] = [];
      // nginx lists every instance it tried in the test's X-Upstream: the last one answered.
      session.onHeaders = (headers) =>
        servedBy.push((headers.get("x-upstream") ?? "none").split(", ").at(-1)!);
      return {
        call: (method, pathname, body) =>
          session.call(method, pathname, body) as Promise<Record<string, unknown>>,
        session,
        servedBy,
      };
    },
    async untilProxyReaches(port) {
      for (let i = 0; i < 50; i++) {
        const res = await fetch(`${origin}/api/health`);
        if (res.headers.get("x-upstream")?.split(", ").at(-1) === `127.0.0.1:${port}`) return;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`nginx never sent a request to ${port}`);
    },
    async stop() {
      nginx.kill("SIGQUIT");
      await Promise.all(instances.map((i) => i.stop()));
      rmSync(work, { recursive: true, force: true });
    },
  };
}
