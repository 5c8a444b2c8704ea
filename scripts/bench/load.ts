// Section 4 of the benchmarks: many browser sessions on one instance, in a closed loop over
// the image list, the invitations and the audit stream.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import path from "node:path";

import autocannon from "autocannon";

import { cloudDir } from "../seed/cloud-file";
import { BASE, DashboardSession, pool } from "./http";
import { log, measuredAt, out, prose, say } from "./report";
import { psSum, serverGroup, serverRssMb } from "./server";
import { ms, quantile } from "./stats";
import { countUpstream, type UpstreamCalls } from "./upstream";

const LOAD_SESSIONS = Number(process.env.BENCH_LOAD_SESSIONS ?? 50);
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
const LOAD_ROUNDS = Number(process.env.BENCH_LOAD_ROUNDS ?? 2);
const LOAD_PATHS = ["/api/images?tab=owned", "/api/invitations", "/api/access"];

/** CPU seconds used so far by the dashboard, and by the local cloud's Keystone and Glance processes. */
function cpuSeconds(): { dashboard: number; cloud: number } {
  const cloudPids = ["keystone", "glance-0", "glance-1"].flatMap((name) => {
    const pid = readFileSync(path.join(cloudDir(), `${name}.pid`), "utf8").trim();
    // pgrep exits 1 when a process has no children (Keystone's server has none).
    const children = spawnSync("pgrep", ["-P", pid], { encoding: "utf8" })
      .stdout.split("\n")
      .filter(Boolean);
    return [pid, ...children];
  });
  return {
    dashboard: psSum(["-o", "cputimes=", "-g", serverGroup()]),
    cloud: psSum(["-o", "cputimes=", "-p", cloudPids.join(",")]),
  };
}

interface LoadRound {
  requests: number;
  perSecond: number;
  /** Non-2xx answers, socket errors and timeouts, and 200s that report a project's failure. */
  errors: number;
  /** First pages of the image list sent before a slow region answered (the browser asks again). */
  late: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  rss: [number, number];
  cores: { dashboard: number; cloud: number };
  upstream: UpstreamCalls;
}

async function loadRound(sessions: DashboardSession[]): Promise<LoadRound> {
  let nextSession = 0;
  let failed = 0;
  let late = 0;
  const latencies: number[] = [];
  // Each connection is one browser: its own cookie, cycling through the three pages' calls.
  const withCookie = (req: autocannon.Request, context: Record<string, unknown>) => {
    context.cookie ??= sessions[nextSession++ % sessions.length]!.cookieHeader();
    return { ...req, headers: { ...req.headers, cookie: context.cookie as string } };
  };
  const checkBody = (_status: number, body: string) => {
    if (/"failures":\[\{|"type":"failure"/.test(body)) failed++;
    if (/"late":\[\{/.test(body)) late++;
  };
  const options: autocannon.Options = {
    url: BASE,
    connections: sessions.length,
    duration: LOAD_SECONDS,
    timeout: 30,
    requests: LOAD_PATHS.map((path) => ({
      method: "GET" as const,
      path,
      setupRequest: withCookie as (req: autocannon.Request, context: object) => autocannon.Request,
      onResponse: checkBody,
    })),
  };
  const rssBefore = serverRssMb();
  const cpuBefore = cpuSeconds();
  let result: autocannon.Result | undefined;
  const upstream = await countUpstream(async () => {
    result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(options, (err, res) => (err ? reject(err) : resolve(res)));
      instance.on("response", (_client, _status, _bytes, responseTime: number) =>
        latencies.push(responseTime),
      );
    });
  });
  if (!result) throw new Error("load: autocannon gave no result");
  const cpuAfter = cpuSeconds();
  return {
    requests: result.requests.total,
    perSecond: result.requests.total / LOAD_SECONDS,
    errors: result.errors + result.non2xx + failed,
    late,
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    p99: quantile(latencies, 0.99),
    max: Math.max(...latencies),
    rss: [rssBefore, serverRssMb()],
    cores: {
      dashboard: (cpuAfter.dashboard - cpuBefore.dashboard) / LOAD_SECONDS,
      cloud: (cpuAfter.cloud - cpuBefore.cloud) / LOAD_SECONDS,
    },
    upstream,
  };
}

export async function load() {
  log(
    `load: ${LOAD_SESSIONS} sessions, each with alpha connected, ${LOAD_ROUNDS} × ${LOAD_SECONDS} s over the image list, invitations and audit`,
  );
  const sessions: DashboardSession[] = [];
  for (let i = 0; i < LOAD_SESSIONS; i++) {
    const session = new DashboardSession(BASE);
    await session.connect("alpha-member", "alpha");
    sessions.push(session);
  }
  // Warm-up: each session's pages once, so the rounds measure a steady state, not Glance
  // meeting 50 new tokens (each checked with Keystone on first use by each Glance worker).
  const warmUp = performance.now();
  await pool(sessions, 10, async (s) => {
    for (const path of LOAD_PATHS) await s.call("GET", path);
  });
  const warmUpMs = performance.now() - warmUp;
  const rounds: LoadRound[] = [];
  for (let i = 0; i < LOAD_ROUNDS; i++) rounds.push(await loadRound(sessions));

  say("load", "heading", { sessions: LOAD_SESSIONS });
  say("load", "intro", {
    when: measuredAt(),
    sessions: LOAD_SESSIONS,
    rounds: LOAD_ROUNDS,
    seconds: LOAD_SECONDS,
    warmUp: ms(warmUpMs),
  });
  out(prose("load", "table-head"));
  for (const [i, r] of rounds.entries()) {
    out(
      prose("load", "row", {
        round: i + 1,
        requests: r.requests,
        perSecond: r.perSecond.toFixed(1),
        errors: r.errors,
        late: r.late,
        p50: ms(r.p50),
        p95: ms(r.p95),
        p99: ms(r.p99),
        max: ms(r.max),
        rssBefore: r.rss[0].toFixed(0),
        rssAfter: r.rss[1].toFixed(0),
        dashboardCores: r.cores.dashboard.toFixed(2),
        cloudCores: r.cores.cloud.toFixed(2),
        glancePerRequest: (r.upstream.glance / r.requests).toFixed(1),
      }),
    );
  }
  out();
  const range = (f: (r: LoadRound) => number, fmt: (v: number) => string) => {
    const v = rounds.map(f);
    return `${fmt(Math.min(...v))}–${fmt(Math.max(...v))}`;
  };
  say("load", "summary", {
    perSecond: range(
      (r) => r.perSecond,
      (v) => v.toFixed(1),
    ),
    p95: range((r) => r.p95, ms),
    dashboardCores: range(
      (r) => r.cores.dashboard,
      (v) => v.toFixed(2),
    ),
    cores: cpus().length,
    cloudCores: range(
      (r) => r.cores.cloud,
      (v) => v.toFixed(2),
    ),
  });
  const errors = rounds.reduce((n, r) => n + r.errors, 0);
  if (errors > 0) {
    log(`load: ${errors} errors (target 0)`);
    process.exitCode = 1;
  }
}
