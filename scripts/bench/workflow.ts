// Section 1 of the benchmarks: the guide's workflow (share one image with one project,
// accept as the consumer, list members) through the dashboard, against the floor (direct
// Glance calls on pre-issued tokens) and the `openstack` CLI.
import { projectId } from "../testing/local-cloud";
import { coldOpenstack } from "./cli";
import { BASE, DashboardSession, glance, issueToken } from "./http";
import { log, out, prose, say } from "./report";
import { median, ms, quantile, ratio, timed } from "./stats";
import { countUpstream, type UpstreamCalls } from "./upstream";

const N = Number(process.env.BENCH_N ?? 20);
const CLI_N = Number(process.env.BENCH_CLI_N ?? 5);

/** Where the workflow runs: a region, the dashboard's cloud, the CLI's clouds.yaml entries. */
export interface WorkflowPlace {
  region: string;
  cloudName: string;
  authUrl?: string;
  /** The clouds.yaml entry of a project for the CLI, and that file. */
  cliCloud: (project: string) => string;
  cliConfig?: string;
}

/**
 * The workflow three ways on one shared image of alpha's: through the dashboard, the floor,
 * the CLI; and `reset`, which removes beta again, and `done`, which deletes the image.
 */
export async function workflowWays(place: WorkflowPlace) {
  const { region } = place;
  const alpha = await issueToken("alpha-member", "alpha", place.authUrl);
  const beta = await issueToken("beta-member", "beta", place.authUrl);
  const image = (await glance(
    alpha,
    "POST",
    "/v2/images",
    {
      name: `bench-workflow-${Date.now()}`,
      disk_format: "raw",
      container_format: "bare",
      visibility: "shared",
    },
    region,
  )) as { id: string };
  const members = `/v2/images/${image.id}/members`;

  const session = new DashboardSession(BASE);
  const alphaConn = await session.connect("alpha-member", "alpha", place.cloudName);
  const betaConn = await session.connect("beta-member", "beta", place.cloudName);
  const where = (connection: string) => ({ connection, region });
  const cli = (project: string, args: string[]) =>
    coldOpenstack(place.cliCloud(project), args, place.cliConfig);

  const ways = {
    dashboard: async () => {
      const invited = (await session.call("POST", "/api/members", {
        items: [{ ...where(alphaConn), imageId: image.id, memberId: projectId("beta") }],
      })) as {
        result: { ok: boolean; error: unknown };
      }[];
      // A failed step would be measured as a fast one: stop instead.
      if (!invited[0]?.result.ok) throw new Error(`invite failed: ${JSON.stringify(invited)}`);
      const accepted = (await session.call("PATCH", "/api/invitations", {
        status: "accepted",
        items: [{ ...where(betaConn), imageId: image.id }],
      })) as {
        results: { ok: boolean }[];
      };
      if (!accepted.results[0]?.ok) throw new Error(`accept failed: ${JSON.stringify(accepted)}`);
      await session.call(
        "GET",
        `/api/images/${image.id}/members?${new URLSearchParams(where(alphaConn))}`,
      );
    },
    floor: async () => {
      await glance(alpha, "POST", members, { member: projectId("beta") }, region);
      await glance(beta, "PUT", `${members}/${projectId("beta")}`, { status: "accepted" }, region);
      await glance(alpha, "GET", members, undefined, region);
    },
    cli: async () => {
      await cli("alpha", ["image", "add", "project", image.id, projectId("beta")]);
      await cli("beta", ["image", "set", "--accept", image.id]);
      await cli("alpha", ["image", "member", "list", image.id]);
    },
  };
  return {
    ways,
    reset: () => glance(alpha, "DELETE", `${members}/${projectId("beta")}`, undefined, region),
    done: () => glance(alpha, "DELETE", `/v2/images/${image.id}`, undefined, region),
  };
}

export async function workflow() {
  log(
    `workflow: share one image with one project, accept, list members — 2 × ${N}× API and floor, ${CLI_N}× CLI`,
  );
  const { ways, reset, done } = await workflowWays({
    region: "RegionOne",
    cloudName: "local",
    cliCloud: (project) => project,
  });
  const results: Record<string, number[]> = { dashboard: [], floor: [], cli: [] };
  const calls: Record<string, UpstreamCalls> = {};
  // One untimed warm-up each (first compilation of routes, first token validation),
  // then one counted run: which calls reached Glance and Keystone.
  for (const [name, run] of Object.entries(ways)) {
    await run();
    await reset();
    calls[name] = await countUpstream(run);
    await reset();
  }
  // Dashboard and floor alternate, so both see the same moments of a noisy machine; two
  // rounds of N give the range of the ratio within this one run.
  const rounds: number[] = [];
  for (let round = 0; round < 2; round++) {
    const d: number[] = [];
    const f: number[] = [];
    for (let i = 0; i < N; i++) {
      for (const [name, run, into] of [
        ["dashboard", ways.dashboard, d],
        ["floor", ways.floor, f],
      ] as const) {
        const t = await timed(run);
        into.push(t);
        results[name]!.push(t);
        await reset();
      }
    }
    rounds.push(median(d) / median(f));
  }
  for (let i = 0; i < CLI_N; i++) {
    results.cli!.push(await timed(ways.cli));
    await reset();
  }
  await done();

  const [d, f, c] = [median(results.dashboard!), median(results.floor!), median(results.cli!)];
  const way = (name: string, runs: number, median: number) => ({
    runs,
    median: ms(median),
    p95: ms(quantile(results[name]!, 0.95)),
    ratio: ratio(median, f),
    glance: calls[name]!.glance,
    keystone: calls[name]!.keystone,
  });
  say("workflow", "heading");
  out(prose("workflow", "table-head"));
  out(prose("workflow", "row-floor", way("floor", 2 * N, f)));
  out(prose("workflow", "row-dashboard", way("dashboard", 2 * N, d)));
  out(prose("workflow", "row-cli", way("cli", CLI_N, c)));
  out();
  say("workflow", "summary", {
    cliTimes: (c / d).toFixed(1),
    floorRatio: ratio(d, f),
    n: N,
    rounds: rounds.map((r) => `${r.toFixed(2)}×`).join(" and "),
  });
  say("workflow", "calls");
  say("workflow", "calls-counted");
  for (const name of ["floor", "dashboard", "cli"])
    out(`- ${name}: ${calls[name]!.calls.join(", ") || "none"}`);
  out();
}
