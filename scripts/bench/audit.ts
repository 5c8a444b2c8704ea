// Section 2 of the benchmarks: the access audit of many shared images, each with three
// members, through the dashboard's stream, against concurrent direct calls and the CLI.
import { projectId } from "../testing/local-cloud";
import { coldOpenstack } from "./cli";
import { allImageIds, BASE, DashboardSession, glance, issueToken, pool } from "./http";
import { log, out, prose, say } from "./report";
import { median, ms, ratio, timed } from "./stats";

const AUDIT_IMAGES = Number(process.env.BENCH_AUDIT_IMAGES ?? 500);
const CLI_SAMPLE = Number(process.env.BENCH_CLI_SAMPLE ?? 25);
const AUDIT_CONCURRENCY = 16;

export async function audit() {
  log(`audit: ${AUDIT_IMAGES} shared images with 3 members each in gamma`);
  const owner = await issueToken("gamma-member", "gamma");
  const memberIds = [projectId("alpha"), projectId("beta"), projectId("partner")];
  const made: string[] = [];
  const tag = `bench-audit-${Date.now()}`;
  await pool(
    Array.from({ length: AUDIT_IMAGES }, (_, i) => i),
    16,
    async (i) => {
      const image = (await glance(owner, "POST", "/v2/images", {
        name: `${tag}-${i}`,
        disk_format: "raw",
        container_format: "bare",
        visibility: "shared",
      })) as { id: string };
      made.push(image.id);
      for (const m of memberIds)
        await glance(owner, "POST", `/v2/images/${image.id}/members`, { member: m });
    },
  );
  try {
    const session = new DashboardSession(BASE);
    await session.connect("gamma-member", "gamma");

    const floorAudit = async () => {
      const ids = await allImageIds(
        owner,
        `/v2/images?owner=${projectId("gamma")}&visibility=shared&limit=1000`,
      );
      let rows = 0;
      await pool(ids, AUDIT_CONCURRENCY, async (image) => {
        const { members } = (await glance(owner, "GET", `/v2/images/${image}/members`)) as {
          members: unknown[];
        };
        rows += members.length;
      });
      return rows;
    };
    const firstRows: number[] = [];
    const dashboardAudit = async () => {
      const { first, text } = await session.stream("/api/access", '"rows"');
      firstRows.push(first);
      return text.split("\n").filter((l) => l.includes('"rows"')).length;
    };

    // Both read the same: a check that the comparison is fair.
    const [floorRows, dashboardImages] = [await floorAudit(), await dashboardAudit()];
    if (floorRows !== AUDIT_IMAGES * 3 || dashboardImages !== AUDIT_IMAGES) {
      throw new Error(
        `audit mismatch: floor ${floorRows} rows, dashboard ${dashboardImages} images`,
      );
    }
    const runs = 5;
    const floor: number[] = [];
    const dash: number[] = [];
    for (let i = 0; i < runs; i++) {
      floor.push(await timed(floorAudit));
      dash.push(await timed(dashboardAudit));
    }
    const sample = made.slice(0, CLI_SAMPLE);
    const cliTimes: number[] = [];
    for (const image of sample)
      cliTimes.push(await timed(() => coldOpenstack("gamma", ["image", "member", "list", image])));

    const [d, f, c] = [median(dash), median(floor), median(cliTimes)];
    say("audit", "heading", { images: AUDIT_IMAGES });
    out(prose("audit", "table-head"));
    out(prose("audit", "row-floor", { inFlight: AUDIT_CONCURRENCY, runs, median: ms(f) }));
    out(prose("audit", "row-dashboard", { runs, median: ms(d), ratio: ratio(d, f) }));
    out(
      prose("audit", "row-cli", {
        sample: sample.length,
        perImage: ms(c),
        all: ms(c * AUDIT_IMAGES),
        ratio: ratio(c * AUDIT_IMAGES, f),
      }),
    );
    out();
    say("audit", "first-rows", { first: ms(median(firstRows)) });
    out(prose("audit", d < 2000 ? "verdict-under" : "verdict-over", { ratio: ratio(d, f) }));
    if (f >= 2000) {
      out(
        prose("audit", "floor-too-slow", {
          floor: ms(f),
          perSecond: Math.round((AUDIT_IMAGES / f) * 1000),
          images: AUDIT_IMAGES,
          needed: Math.ceil(AUDIT_IMAGES / 2),
        }),
      );
    }
    out();
  } finally {
    await pool(made, 16, (image) => glance(owner, "DELETE", `/v2/images/${image}`));
  }
}
