// Section 5 of the benchmarks: an image's bytes read through the dashboard against Glance
// directly, and the server's memory under a fast and a slow reader.
import { execFile, execFileSync, spawn } from "node:child_process";
import { mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

import { cloudDir } from "../seed/cloud-file";
import { BASE, DashboardSession, glance, glanceUrl, issueToken } from "./http";
import { log, measuredAt, out, prose, say } from "./report";
import { cpuSince, serverPids, serverRssMb } from "./server";

const execFileAsync = promisify(execFile);
const DOWNLOAD_MB = Number(process.env.BENCH_DOWNLOAD_MB ?? 1024);
const DOWNLOAD_ROUNDS = Number(process.env.BENCH_DOWNLOAD_ROUNDS ?? 3);
const NGINX_PORT = 9390;
/** The port where nginx fetches downloads itself (deploy/nginx/download-handoff.conf). */
const HANDOFF_PORT = 9391;
// The server's GLANCE_SHARE_HANDOFF_SECRET (scripts/bench/run).
const HANDOFF_SECRET = process.env.BENCH_HANDOFF_SECRET ?? "";

/**
 * Debian's nginx with the deployment's own proxy settings (deploy/nginx/proxy-params.conf):
 * `/glance/` relays Glance RegionOne, which shows what any process passing the bytes on costs
 * on this machine, and `/` relays the dashboard, as the README's deployment does; on a
 * second port, nginx fetches the dashboard's downloads from Glance itself.
 */
async function startNginx(glance: string, dashboard: string) {
  if (!HANDOFF_SECRET)
    throw new Error("BENCH_HANDOFF_SECRET is not set (scripts/bench/run sets it)");
  const dashboardLocation = `      proxy_pass ${dashboard};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host ${new URL(dashboard).host};
      proxy_buffering off;
      proxy_buffer_size 64k;
      proxy_buffers 4 64k;
      proxy_busy_buffers_size 64k;`;
  const work = path.join(cloudDir(), "bench-nginx");
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work);
  writeFileSync(
    path.join(work, "nginx.conf"),
    `daemon off;
worker_processes 1;
pid ${work}/nginx.pid;
error_log ${work}/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${work}/body;
  proxy_temp_path ${work}/proxy;
  fastcgi_temp_path ${work}/fastcgi;
  uwsgi_temp_path ${work}/uwsgi;
  scgi_temp_path ${work}/scgi;
  server {
    listen 127.0.0.1:${NGINX_PORT};
    location /glance/ {
      proxy_pass ${glance}/;
      include ${path.resolve("deploy/nginx/proxy-params.conf")};
    }
    # The deployment's settings, but the dashboard's own origin as Host: the benchmarks'
    # server does not trust a proxy's forwarded headers.
    location / {
${dashboardLocation}
    }
  }
  server {
    listen 127.0.0.1:${HANDOFF_PORT};
    location / {
${dashboardLocation}
      proxy_set_header X-Glance-Share-Handoff "${HANDOFF_SECRET}";
    }
    include ${path.resolve("deploy/nginx/download-handoff.conf")};
  }
}
`,
  );
  const nginx = spawn("nginx", ["-p", work, "-c", path.join(work, "nginx.conf")], {
    stdio: "inherit",
  });
  const url = `http://127.0.0.1:${NGINX_PORT}`;
  for (let i = 0; ; i++) {
    const up = await fetch(`${url}/glance/`).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (i === 50 || nginx.exitCode !== null)
      throw new Error(`nginx did not start (${work}/error.log)`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const pids = () =>
    execFileSync("pgrep", ["-P", String(nginx.pid)], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .concat(String(nginx.pid));
  return {
    url,
    handOffUrl: `http://127.0.0.1:${HANDOFF_PORT}`,
    pids,
    stop: () => {
      nginx.kill();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/**
 * Runs curl to /dev/null; resolves with seconds, bytes, curl's own CPU seconds, the
 * dashboard's peak RSS (MB) meanwhile, and the CPU seconds of `relay` (the dashboard's by default).
 */
async function curlTimed(
  args: string[],
  relay: () => string[] = serverPids,
): Promise<{
  seconds: number;
  bytes: number;
  curlCpu: number;
  relayCpu: number;
  peakRssMb: number;
}> {
  let peak = serverRssMb();
  const sampler = setInterval(() => (peak = Math.max(peak, serverRssMb())), 100);
  const relayCpu = cpuSince(relay());
  const times = path.join(cloudDir(), "bench-download.time");
  try {
    const { stdout } = await execFileAsync("/usr/bin/time", [
      "-f",
      "%U %S",
      "-o",
      times,
      "curl",
      "-sS",
      "-f",
      "-o",
      "/dev/null",
      "-w",
      "%{time_total} %{size_download}",
      ...args,
    ]);
    const [seconds, bytes] = stdout.trim().split(" ").map(Number) as [number, number];
    const [user, system] = readFileSync(times, "utf8").trim().split(" ").map(Number) as [
      number,
      number,
    ];
    return { seconds, bytes, curlCpu: user + system, relayCpu: relayCpu(), peakRssMb: peak };
  } finally {
    clearInterval(sampler);
  }
}

export async function download() {
  log(
    `download: a ${DOWNLOAD_MB} MiB image, ${DOWNLOAD_ROUNDS} rounds, Glance directly and through the dashboard, interleaved`,
  );
  const file = path.join(cloudDir(), "bench-download.raw");
  execFileSync("head", ["-c", String(DOWNLOAD_MB * 2 ** 20), "/dev/urandom"], {
    stdio: ["ignore", openSync(file, "w"), "inherit"],
  });
  const token = await issueToken("alpha-member", "alpha");
  const created = (await glance(token, "POST", "/v2/images", {
    name: `bench-download-${Date.now()}`,
    disk_format: "raw",
    container_format: "bare",
  })) as { id: string };
  try {
    await execFileAsync("curl", [
      "-sS",
      "-f",
      "-X",
      "PUT",
      "-H",
      `X-Auth-Token: ${token}`,
      "-H",
      "Content-Type: application/octet-stream",
      "-T",
      file,
      `${glanceUrl()}/v2/images/${created.id}/file`,
    ]);
    const session = new DashboardSession(BASE);
    const connection = await session.connect("alpha-member", "alpha");
    const nginx = await startNginx(glanceUrl(), BASE);
    try {
      const dashboardPath = `/api/images/${created.id}/file?connection=${connection}&region=RegionOne`;
      const cookie = ["-H", `Cookie: ${session.cookieHeader()}`];
      const viaDashboard = [`${BASE}${dashboardPath}`, ...cookie];
      const viaDeployment = [`${nginx.url}${dashboardPath}`, ...cookie];
      const viaHandOff = [`${nginx.handOffUrl}${dashboardPath}`, ...cookie];
      const withToken = ["-H", `X-Auth-Token: ${token}`];
      const direct = [`${glanceUrl()}/v2/images/${created.id}/file`, ...withToken];
      const viaNginx = [`${nginx.url}/glance/v2/images/${created.id}/file`, ...withToken];
      const mbps = (r: { seconds: number; bytes: number }) => r.bytes / 2 ** 20 / r.seconds;
      const perGib = (cpu: number, r: { bytes: number }) => cpu / (r.bytes / 2 ** 30);
      // The server's first download runs while V8 compiles the relay's code and sizes its
      // heap: measured, reported apart, not a round.
      const first = await curlTimed(viaDashboard);
      const rows: {
        direct: number;
        nginx: number;
        dashboard: number;
        deployment: number;
        handOff: number;
        rssBefore: number;
        peak: number;
        slowPeak: number;
        curlCpu: number;
        nginxCpu: number;
        serverCpu: number;
        handOffCpu: number;
      }[] = [];
      for (let i = 0; i < DOWNLOAD_ROUNDS; i++) {
        const d = await curlTimed(direct);
        const n = await curlTimed(viaNginx, nginx.pids);
        const rssBefore = serverRssMb();
        const p = await curlTimed(viaDashboard);
        const deployed = await curlTimed(viaDeployment);
        // nginx's and the dashboard's CPU together: the dashboard checks, nginx carries.
        const h = await curlTimed(viaHandOff, () => [...nginx.pids(), ...serverPids()]);
        for (const r of [n, p, deployed, h])
          if (r.bytes !== DOWNLOAD_MB * 2 ** 20 || d.bytes !== r.bytes)
            throw new Error(`download sizes differ: ${d.bytes} direct, ${r.bytes} relayed`);
        // A slow reader (50 MB/s): the relay must slow Glance down, not hold the rest.
        const slow = await curlTimed(["--limit-rate", "50M", ...viaDashboard]);
        rows.push({
          direct: mbps(d),
          nginx: mbps(n),
          dashboard: mbps(p),
          deployment: mbps(deployed),
          handOff: mbps(h),
          rssBefore,
          peak: p.peakRssMb,
          slowPeak: slow.peakRssMb,
          curlCpu: perGib(d.curlCpu, d),
          nginxCpu: perGib(n.relayCpu, n),
          serverCpu: perGib(p.relayCpu, p),
          handOffCpu: perGib(h.relayCpu, h),
        });
      }
      say("download", "heading", { mb: DOWNLOAD_MB });
      say("download", "intro", { when: measuredAt(), rounds: DOWNLOAD_ROUNDS });
      out(prose("download", "table-head"));
      for (const [i, r] of rows.entries()) {
        out(
          prose("download", "row", {
            round: i + 1,
            direct: r.direct.toFixed(0),
            nginx: r.nginx.toFixed(0),
            dashboard: r.dashboard.toFixed(0),
            deployment: r.deployment.toFixed(0),
            handOff: r.handOff.toFixed(0),
            handOffRatio: (r.handOff / r.direct).toFixed(2),
            handOffCpu: r.handOffCpu.toFixed(2),
            nginxRatio: (r.nginx / r.direct).toFixed(2),
            ratio: (r.dashboard / r.direct).toFixed(2),
            ofNginx: (r.dashboard / r.nginx).toFixed(2),
            curlCpu: r.curlCpu.toFixed(2),
            nginxCpu: r.nginxCpu.toFixed(2),
            serverCpu: r.serverCpu.toFixed(2),
            rssBefore: r.rssBefore.toFixed(0),
            peak: r.peak.toFixed(0),
            slowPeak: r.slowPeak.toFixed(0),
          }),
        );
      }
      out();
      const span = (values: number[], digits: number) =>
        `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
      say("download", "summary", {
        ratios: span(
          rows.map((r) => r.dashboard / r.direct),
          2,
        ),
        nginxRatios: span(
          rows.map((r) => r.nginx / r.direct),
          2,
        ),
        ofNginx: span(
          rows.map((r) => r.dashboard / r.nginx),
          2,
        ),
        handOffRatios: span(
          rows.map((r) => r.handOff / r.direct),
          2,
        ),
        handOffOfNginx: span(
          rows.map((r) => r.handOff / r.nginx),
          2,
        ),
        handOffCpu: span(
          rows.map((r) => r.handOffCpu),
          2,
        ),
        first: mbps(first).toFixed(0),
        firstCpu: perGib(first.relayCpu, first).toFixed(2),
        mb: DOWNLOAD_MB,
        growth: span(
          rows.map((r) => r.peak - r.rssBefore),
          0,
        ),
        slowPeak: span(
          rows.map((r) => r.slowPeak),
          0,
        ),
      });
    } finally {
      nginx.stop();
    }
  } finally {
    await glance(token, "DELETE", `/v2/images/${created.id}`);
    rmSync(file, { force: true });
  }
}
