// Section 3 of the benchmarks: what the backend-for-frontend adds to one proxied call, and
// what Next.js itself costs per request beside a bare Node server.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import { projectId } from "../testing/local-cloud";
import { BASE, DashboardSession, glance, issueToken } from "./http";
import { log, out, prose, say } from "./report";
import { median, ms, quantile, timed } from "./stats";
import { countUpstream, type UpstreamCalls } from "./upstream";

export async function overhead() {
  const calls = 200;
  log(`overhead: ${calls} proxied member lists vs direct`);
  const alpha = await issueToken("alpha-member", "alpha");
  const images = (await glance(
    alpha,
    "GET",
    `/v2/images?owner=${projectId("alpha")}&visibility=shared&limit=1`,
  )) as { images: { id: string }[] };
  const image = images.images[0]!.id;
  const session = new DashboardSession(BASE);
  const conn = await session.connect("alpha-member", "alpha");
  const proxied = () =>
    session.call("GET", `/api/images/${image}/members?connection=${conn}&region=RegionOne`);
  const direct = () => glance(alpha, "GET", `/v2/images/${image}/members`);
  await proxied();
  await direct();
  const proxiedCalls = await countUpstream(proxied);
  const directCalls = await countUpstream(direct);
  // Next.js's own cost per request, beside a bare Node server answering the same JSON.
  const bare = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end('{"status":"ok"}');
  });
  await new Promise<void>((r) => bare.listen(0, "127.0.0.1", r));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/health`;
  const get = async (url: string) => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    await res.text();
  };
  const p: number[] = [];
  const dr: number[] = [];
  const health: number[] = [];
  const bareNode: number[] = [];
  const app: number[] = [];
  for (let i = 0; i < calls; i++) {
    p.push(await timed(proxied));
    app.push(session.lastTiming.app ?? NaN);
    dr.push(await timed(direct));
    health.push(await timed(() => get(`${BASE}/api/health`)));
    bareNode.push(await timed(() => get(bareUrl)));
  }
  bare.close();
  const overheadP50 = median(p) - median(dr);
  const nextCost = median(health) - median(bareNode);
  /** A table row: the samples' p50 and p95, and what else the row gives. */
  const row = (name: string, samples: number[], more: Record<string, number> = {}) =>
    out(
      prose("overhead", name, {
        calls,
        p50: ms(median(samples)),
        p95: ms(quantile(samples, 0.95)),
        ...more,
      }),
    );
  say("overhead", "heading");
  out(prose("overhead", "table-head"));
  const counted = ({ glance, keystone }: UpstreamCalls) => ({ glance, keystone });
  row("row-direct", dr, counted(directCalls));
  row("row-dashboard", p, counted(proxiedCalls));
  out(
    prose("overhead", "row-overhead", {
      p50: ms(overheadP50),
      p95: ms(quantile(p, 0.95) - quantile(dr, 0.95)),
    }),
  );
  out();
  say("overhead", "next-intro");
  out(prose("overhead", "next-table-head"));
  row("row-bare", bareNode);
  row("row-next", health);
  out();
  say("overhead", "summary", {
    overhead: ms(overheadP50),
    next: ms(nextCost),
    app: ms(median(app)),
    rest: ms(Math.max(0, overheadP50 - nextCost - median(app))),
  });
}
