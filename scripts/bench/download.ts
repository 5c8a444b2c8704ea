// Section 5 of the benchmarks: an image's bytes read through the dashboard against Glance
// directly, and the server's memory under a fast and a slow reader.
import { execFile, execFileSync } from "node:child_process";
import { openSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

import { cloudDir } from "../seed/cloud-file";
import { BASE, DashboardSession, glance, glanceUrl, issueToken } from "./http";
import { log, measuredAt, out, prose, say } from "./report";
import { cpuSince, serverPids, serverRssMb } from "./server";

const execFileAsync = promisify(execFile);
const DOWNLOAD_MB = Number(process.env.BENCH_DOWNLOAD_MB ?? 1024);
const DOWNLOAD_ROUNDS = Number(process.env.BENCH_DOWNLOAD_ROUNDS ?? 3);

/**
 * Runs curl to /dev/null; resolves with seconds, bytes, curl's own CPU seconds, and the
 * dashboard's peak RSS (MB) and CPU seconds meanwhile.
 */
async function curlTimed(args: string[]): Promise<{
  seconds: number;
  bytes: number;
  curlCpu: number;
  serverCpu: number;
  peakRssMb: number;
}> {
  let peak = serverRssMb();
  const sampler = setInterval(() => (peak = Math.max(peak, serverRssMb())), 100);
  const serverCpu = cpuSince(serverPids());
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
    return { seconds, bytes, curlCpu: user + system, serverCpu: serverCpu(), peakRssMb: peak };
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
    const viaDashboard = [
      `${BASE}/api/images/${created.id}/file?connection=${connection}&region=RegionOne`,
      "-H",
      `Cookie: ${session.cookieHeader()}`,
    ];
    const direct = [`${glanceUrl()}/v2/images/${created.id}/file`, "-H", `X-Auth-Token: ${token}`];
    const rows: {
      direct: number;
      dashboard: number;
      ratio: number;
      rssBefore: number;
      peak: number;
      slowPeak: number;
      curlCpu: number;
      serverCpu: number;
    }[] = [];
    for (let i = 0; i < DOWNLOAD_ROUNDS; i++) {
      const d = await curlTimed(direct);
      const rssBefore = serverRssMb();
      const p = await curlTimed(viaDashboard);
      if (p.bytes !== DOWNLOAD_MB * 2 ** 20 || d.bytes !== p.bytes)
        throw new Error(`download sizes differ: ${d.bytes} direct, ${p.bytes} via the dashboard`);
      // A slow reader (50 MB/s): the relay must slow Glance down, not hold the rest.
      const slow = await curlTimed(["--limit-rate", "50M", ...viaDashboard]);
      const mbps = (r: { seconds: number; bytes: number }) => r.bytes / 2 ** 20 / r.seconds;
      rows.push({
        direct: mbps(d),
        dashboard: mbps(p),
        ratio: mbps(p) / mbps(d),
        rssBefore,
        peak: p.peakRssMb,
        slowPeak: slow.peakRssMb,
        // Per GiB: curl reading Glance directly, and the dashboard relaying to curl.
        curlCpu: d.curlCpu / (d.bytes / 2 ** 30),
        serverCpu: p.serverCpu / (p.bytes / 2 ** 30),
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
          dashboard: r.dashboard.toFixed(0),
          ratio: r.ratio.toFixed(2),
          rssBefore: r.rssBefore.toFixed(0),
          peak: r.peak.toFixed(0),
          slowPeak: r.slowPeak.toFixed(0),
          curlCpu: r.curlCpu.toFixed(2),
          serverCpu: r.serverCpu.toFixed(2),
        }),
      );
    }
    out();
    const span = (values: number[], digits: number) =>
      `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
    say("download", "summary", {
      ratios: span(
        rows.map((r) => r.ratio),
        2,
      ),
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
    await glance(token, "DELETE", `/v2/images/${created.id}`);
    rmSync(file, { force: true });
  }
}
