// Section 7 of the benchmarks: the same work with the cloud at a distance. Delay proxies stand
// in front of Keystone and both Glances, registered in Keystone as regions of their own
// (LatencyOne, LatencyTwo), so the dashboard, the floor and the CLI all reach the cloud
// through the same added round-trip time. scripts/bench/run gives the server and the CLI the
// clouds.yaml of that distant cloud (latencyCloudsYaml).
import { readFileSync } from "node:fs";

import { parse, stringify } from "yaml";

import { cloudsYamlPath } from "../seed/cloud-file";
import { projectId } from "../testing/local-cloud";
import { openstackCli, openstackCliQuiet } from "../testing/openstack-cli";
import { coldOpenstack } from "./cli";
import { DelayProxy } from "./delay-proxy";
import {
  allImageIds,
  BASE,
  cloud,
  DashboardSession,
  DISTANT,
  glance,
  issueToken,
  pool,
} from "./http";
import { log, measuredAt, out, prose, say } from "./report";
import { median, ms, ratio, timed } from "./stats";
import { countUpstream } from "./upstream";
import { workflowWays } from "./workflow";

const RTTS = (process.env.BENCH_RTTS ?? "0,20,80").split(",").map(Number);
const RUNS = Number(process.env.BENCH_LATENCY_RUNS ?? 5);
const LIST_IMAGES = 2_000; // gamma has one image of its own already: 2,001 in all
const AUDIT_IMAGES = 500;
const AUDIT_CONCURRENCY = 16;
const REGION = "LatencyOne";
/** The projects the CLI uses at a distance, as `latency-<project>` entries. */
const CLI_PROJECTS = ["alpha", "beta", "gamma"];

/** The clouds.yaml the server and the CLI read for the distant cloud. */
export function latencyCloudsYaml(): string {
  const local = parse(readFileSync(cloudsYamlPath(), "utf8")) as {
    clouds: Record<string, { auth: Record<string, string> }>;
  };
  const clouds: Record<string, unknown> = {
    latency: {
      auth: { auth_url: DISTANT.authUrl },
      regions: Object.keys(DISTANT.regions),
      interface: "public",
    },
  };
  for (const project of CLI_PROJECTS)
    clouds[`latency-${project}`] = {
      ...local.clouds[project],
      auth: { ...local.clouds[project]!.auth, auth_url: DISTANT.authUrl },
      region_name: REGION,
    };
  return `# Written by scripts/bench/run: the local cloud at a distance (delay proxies).\n${stringify({ clouds })}`;
}

const port = (url: string) => Number(new URL(url).port);

/** The distant regions' image endpoints in Keystone; leftovers of an interrupted run go first. */
async function unregister() {
  for (const region of Object.keys(DISTANT.regions)) {
    const endpoints = await openstackCli<{ ID: string }[]>("admin", [
      "endpoint",
      "list",
      "--region",
      region,
    ]);
    for (const e of endpoints) await openstackCliQuiet("admin", ["endpoint", "delete", e.ID]);
    await openstackCliQuiet("admin", ["region", "delete", region]).catch(() => undefined);
  }
}

async function register() {
  await unregister();
  for (const [region, url] of Object.entries(DISTANT.regions)) {
    await openstackCliQuiet("admin", ["region", "create", region]);
    await openstackCliQuiet("admin", [
      "endpoint",
      "create",
      "--region",
      region,
      "image",
      "public",
      url,
    ]);
  }
}

interface Row {
  what: string;
  rtt: number;
  dashboard: number;
  floor: number;
  cli?: number;
}

/** Medians of `runs` alternating runs of each way. */
async function sideBySide(
  ways: Record<string, () => Promise<unknown>>,
  runs: number,
  between: () => Promise<unknown> = async () => undefined,
): Promise<Record<string, number>> {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(ways).map((k) => [k, []]));
  for (let i = 0; i < runs; i++)
    for (const [name, run] of Object.entries(ways)) {
      times[name]!.push(await timed(run));
      await between();
    }
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
}

export async function latency() {
  log(`latency: delay proxies at ${RTTS.join(", ")} ms RTT, ${RUNS} runs a figure`);
  const local = new URL(cloud.authUrl);
  const proxies = [
    new DelayProxy({ host: local.hostname, port: Number(local.port) }),
    ...Object.values(DISTANT.of).map((region) => {
      const url = new URL(cloud.regions.find((r) => r.id === region)!.imageUrl);
      return new DelayProxy({ host: url.hostname, port: Number(url.port) });
    }),
  ];
  await Promise.all(
    [DISTANT.authUrl, ...Object.values(DISTANT.regions)].map((url, i) =>
      proxies[i]!.listen(port(url)),
    ),
  );
  const config = process.env.BENCH_CLOUDS_YAML;
  if (!config) throw new Error("BENCH_CLOUDS_YAML: scripts/bench/run writes it");
  await register();

  // gamma's images: 2,000 more, 500 of them shared with three members.
  const gamma = await issueToken("gamma-member", "gamma");
  const tag = `bench-latency-${Date.now()}`;
  const made: string[] = [];
  await pool(
    Array.from({ length: LIST_IMAGES }, (_, i) => i),
    16,
    async (i) => {
      const shared = i < AUDIT_IMAGES;
      const image = (await glance(gamma, "POST", "/v2/images", {
        name: `${tag}-${String(i).padStart(4, "0")}`,
        disk_format: "raw",
        container_format: "bare",
        visibility: shared ? "shared" : "private",
      })) as { id: string };
      made.push(image.id);
      if (shared)
        for (const m of ["alpha", "beta", "partner"])
          await glance(gamma, "POST", `/v2/images/${image.id}/members`, { member: projectId(m) });
    },
  );

  const rows: Row[] = [];
  const calls: Record<string, string> = {};
  try {
    const workflow = await workflowWays({
      region: REGION,
      cloudName: "latency",
      authUrl: DISTANT.authUrl,
      cliCloud: (project) => `latency-${project}`,
      cliConfig: config,
    });
    const session = new DashboardSession(BASE);
    const gammaConn = await session.connect("gamma-member", "gamma", "latency");
    const gammaToken = await issueToken("gamma-member", "gamma", DISTANT.authUrl);
    const list = (cursor?: string) =>
      session.call(
        "GET",
        `/api/images?${new URLSearchParams({ connection: gammaConn, region: REGION, tab: "owned", ...(cursor ? { cursor } : {}) })}`,
      ) as Promise<{ images: unknown[]; cursor: string | null }>;
    const owned = `/v2/images?owner=${projectId("gamma")}`;
    const ways = {
      connect: {
        dashboard: () => new DashboardSession(BASE).connect("gamma-member", "gamma", "latency"),
        floor: () => issueToken("gamma-member", "gamma", DISTANT.authUrl),
      },
      "first page": {
        dashboard: () => list(),
        // The dashboard's page: 100 images.
        floor: () => glance(gammaToken, "GET", `${owned}&limit=100`, undefined, REGION),
      },
      "whole list": {
        dashboard: async () => {
          let shown = 0;
          let cursor: string | undefined;
          do {
            const page = await list(cursor);
            shown += page.images.length;
            cursor = page.cursor ?? undefined;
          } while (cursor);
          if (shown !== LIST_IMAGES + 1) throw new Error(`whole list: ${shown} images shown`);
        },
        // Glance's largest page (1000).
        floor: () => allImageIds(gammaToken, `${owned}&limit=1000`, REGION),
      },
      audit: {
        dashboard: () => session.stream("/api/access", '"rows"'),
        floor: async () => {
          const ids = await allImageIds(
            gammaToken,
            `${owned}&visibility=shared&limit=1000`,
            REGION,
          );
          await pool(ids, AUDIT_CONCURRENCY, (id) =>
            glance(gammaToken, "GET", `/v2/images/${id}/members`, undefined, REGION),
          );
        },
      },
      "one call": {
        dashboard: () =>
          session.call(
            "GET",
            `/api/images/${made[0]}/members?${new URLSearchParams({ connection: gammaConn, region: REGION })}`,
          ),
        floor: () => glance(gammaToken, "GET", `/v2/images/${made[0]}/members`, undefined, REGION),
      },
    };

    for (const rtt of RTTS) {
      for (const p of proxies) p.rttMs = rtt;
      log(`latency: ${rtt} ms`);
      // Warm-up: connections opened, routes compiled, tokens validated.
      await workflow.ways.dashboard();
      await workflow.reset();
      await workflow.ways.floor();
      await workflow.reset();
      if (rtt === RTTS[0])
        for (const [what, way] of Object.entries({ workflow: workflow.ways, ...ways })) {
          const counted = await countUpstream(way.dashboard);
          if (what === "workflow") await workflow.reset();
          calls[what] = `${counted.glance} Glance, ${counted.keystone} Keystone`;
        }
      const w = await sideBySide(
        { dashboard: workflow.ways.dashboard, floor: workflow.ways.floor },
        RUNS,
        workflow.reset,
      );
      const cliTimes: number[] = [];
      for (let i = 0; i < 2; i++) {
        cliTimes.push(await timed(workflow.ways.cli));
        await workflow.reset();
      }
      rows.push({
        what: "workflow",
        rtt,
        dashboard: w.dashboard!,
        floor: w.floor!,
        cli: median(cliTimes),
      });
      for (const [what, way] of Object.entries(ways)) {
        const m = await sideBySide(way, what === "whole list" || what === "audit" ? 3 : RUNS);
        rows.push({ what, rtt, dashboard: m.dashboard!, floor: m.floor! });
      }
      const cliMembers = await timed(() =>
        coldOpenstack("latency-gamma", ["image", "member", "list", made[0]!], config),
      );
      rows.find((r) => r.what === "audit" && r.rtt === rtt)!.cli = cliMembers * AUDIT_IMAGES;
    }
    await workflow.done();
  } finally {
    await pool(made, 16, (id) => glance(gamma, "DELETE", `/v2/images/${id}`));
    await unregister();
    await Promise.all(proxies.map((p) => p.close()));
  }

  say("latency", "heading");
  say("latency", "intro", { when: measuredAt(), rtts: RTTS.join(", "), runs: RUNS });
  out(prose("latency", "table-head"));
  for (const r of rows)
    out(
      prose("latency", "row", {
        what: r.what,
        rtt: r.rtt,
        dashboard: ms(r.dashboard),
        floor: ms(r.floor),
        ratio: ratio(r.dashboard, r.floor),
        cli: r.cli === undefined ? "" : ms(r.cli),
        calls: r.rtt === RTTS[0] ? (calls[r.what] ?? "") : "",
      }),
    );
  out();
  const at = (what: string, rtt: number) => rows.find((r) => r.what === what && r.rtt === rtt);
  for (const rtt of RTTS.filter((r) => r > 0)) {
    const w = at("workflow", rtt)!;
    const a = at("audit", rtt)!;
    const first = at("first page", rtt)!;
    say("latency", "targets", {
      rtt,
      workflow: ratio(w.dashboard, w.floor),
      extra: ms(w.dashboard - w.floor),
      extraAtZero: ms(at("workflow", RTTS[0]!)!.dashboard - at("workflow", RTTS[0]!)!.floor),
      workflowMet: w.dashboard <= 1.1 * w.floor ? "met" : "missed",
      audit: ratio(a.dashboard, a.floor),
      auditMet: a.dashboard <= a.floor ? "met" : "missed",
      first: ms(first.dashboard),
      firstMet: rtt !== 80 ? "target set at 80 ms" : first.dashboard < 1000 ? "met" : "missed",
    });
  }
}
