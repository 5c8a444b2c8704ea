// Jobs under real faults: two production instances behind nginx, one of them with its clock
// 60 s ahead (Debian's faketime), the database on a PostgreSQL of this file's own that it
// stops, freezes and loses, instances killed with SIGKILL mid-move. Every result is checked
// with the `openstack` CLI and sha512 of the bytes. The invariant (docs/jobs.md): at every
// moment every image being moved exists, complete and verified, in at least one place.
// Needs `npm run build` and the local cloud.
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createImage, deleteImage, uploadData } from "../e2e/support/glance";
import { slowGlanceLink, throttleGlance } from "../scripts/testing/glance-process";
import { projectId } from "../scripts/testing/local-cloud";
import { openstackCli } from "../scripts/testing/openstack-cli";
import { OwnPostgres } from "../scripts/testing/own-postgres";
import { freshDatabase } from "../scripts/testing/postgres";
import { startProxiedInstances, type ProxiedInstances } from "../scripts/testing/proxied-instances";

/** Debian's libfaketime for threaded programs, wherever the architecture puts it. */
const LIBFAKETIME = readdirSync("/usr/lib")
  .map((d) => `/usr/lib/${d}/faketime/libfaketimeMT.so.1`)
  .find((f) => existsSync(f))!;
const LEASE_S = 4;
/** MiB of an image whose relay must outlast an outage: Glance behind a slow link sends 2 MB/s. */
const BIG = 96;
const PORTS = [3221, 3222];
const work = mkdtempSync(path.join(tmpdir(), "glance-share-faults-"));
const failpoints = path.join(work, "failpoints");
const pg = new OwnPostgres(55491);
let databaseUrl = "";
let proxied: ProxiedInstances;
let alice: ReturnType<ProxiedInstances["browser"]>;
const conn = { alpha: "", beta: "" };
const made: { as: string; id: string; region: string }[] = [];

beforeAll(async () => {
  pg.init();
  databaseUrl = await freshDatabase(pg.url(), "glance_share_jobs");
  writeFileSync(failpoints, "");
  proxied = await startProxiedInstances({
    proxyPort: 3220,
    ports: PORTS,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      SESSION_SECRET: "faults-test-secret-5d2a9c7e1f3b8a6d4e0c9b2f",
      DATABASE_URL: databaseUrl,
      GLANCE_SHARE_PRESETS: "local",
      OS_CLIENT_CONFIG_FILE: "",
      GLANCE_SHARE_TRANSFER_PATH: "relay",
      GLANCE_SHARE_JOB_LEASE_SECONDS: String(LEASE_S),
      GLANCE_SHARE_FAILPOINTS_FILE: failpoints,
      GLANCE_SHARE_JOBS_PER_USER: "3",
    },
    // The second instance's clock runs 60 s ahead of the first's and the database's
    // (libfaketime preloaded into the server itself, so that signals reach it).
    extra: (i): Record<string, string> =>
      i === 1 ? { LD_PRELOAD: LIBFAKETIME, FAKETIME: "+60s" } : {},
  });
  alice = proxied.browser();
  conn.alpha = await alice.session.connect("alpha-member", "alpha");
  conn.beta = await alice.session.connect("beta-member", "beta");
}, 180_000);

afterAll(async () => {
  await proxied?.stop();
  pg.destroy();
  for (const m of made) await deleteImage(m.as, m.id, m.region).catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
}, 60_000);

interface Transfer {
  id: string;
  status: string;
  bytes: number;
  error: string | null;
  sourceDeleted: boolean;
  cleanup: string;
  target: { imageId: string | null };
}

/** One of alpha's images with `mib` MiB of random bytes; returns its id and the sha512 Glance records. */
async function alphaImage(name: string, mib: number, region = "RegionOne") {
  const data = randomBytes(mib * 2 ** 20);
  const id = await createImage("alpha", { name: `${name}-${Date.now()}` }, region);
  made.push({ as: "alpha", id, region });
  await uploadData("alpha", id, data, region);
  return { id, region, sha512: createHash("sha512").update(data).digest("hex") };
}

/** Starts moving (or copying) one of alpha's images into beta (RegionOne); says which instance runs it. */
async function startTransfer(
  browser: typeof alice,
  imageId: string,
  { move = true, region = "RegionOne", connections = conn } = {},
) {
  const { transfers } = (await browser.call("POST", "/api/transfers", {
    images: [{ source: { connection: connections.alpha, region }, imageId }],
    targets: [{ connection: connections.beta, region: "RegionOne" }],
    move,
  })) as unknown as { transfers: Transfer[] };
  const port = Number(browser.servedBy.at(-1)!.split(":")[1]);
  return { id: transfers[0]!.id, instance: PORTS.indexOf(port) };
}

async function transferOf(id: string, browser = alice): Promise<Transfer> {
  const { transfers } = (await browser.call("GET", "/api/transfers")) as unknown as {
    transfers: Transfer[];
  };
  const found = transfers.find((t) => t.id === id);
  if (!found) throw new Error(`transfer ${id} is not listed`);
  return found;
}

/** Waits on a state (read as the page reads it), failing with the last one seen. */
async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, ms = 60_000) {
  const end = Date.now() + ms;
  let last: T | undefined;
  while (Date.now() < end) {
    last = await read().catch(() => last);
    if (last !== undefined && ok(last)) return last;
    await sleep(250);
  }
  throw new Error(`${what}: still ${JSON.stringify(last)}`);
}

/** A row as stored, for what the page does not show (a claim, a lease, resumes). */
async function storedRow<T>(table: "transfers" | "jobs", columns: string, id: string): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(`select ${columns} from ${table} where id = $1`, [id]);
    return rows[0] as T;
  } finally {
    await client.end();
  }
}
const stored = (id: string) =>
  storedRow<{ status: string; source_deleted: number; lease_owner: string | null }>(
    "transfers",
    "status, source_deleted, lease_owner, temporary_member",
    id,
  );
const jobRow = (id: string) =>
  storedRow<{ status: string; resumes: number; lease_owner: string | null }>(
    "jobs",
    "status, resumes, lease_owner, credentials",
    id,
  );

const settled = (t: Transfer) =>
  !["queued", "running"].includes(t.status) && t.cleanup !== "needed";

/** Whether Glance has the image, as the CLI says, with its recorded hash. */
async function glanceHas(as: string, id: string | null, region = "RegionOne") {
  if (!id) return null;
  try {
    const image = await openstackCli<{ status: string; properties: { os_hash_value?: string } }>(
      as,
      ["image", "show", id],
      region,
    );
    return { status: image.status, hash: image.properties.os_hash_value };
  } catch {
    return null;
  }
}

/**
 * The invariant, checked from outside: the image exists, complete, with its bytes' hash, in
 * at least one place; and the page says exactly where it is.
 */
async function expectImageKept(
  t: Transfer,
  source: { id: string; region: string; sha512: string },
) {
  const [inSource, inCopy] = await Promise.all([
    glanceHas("alpha", source.id, source.region),
    glanceHas("beta", t.target.imageId),
  ]);
  const whole = (g: typeof inSource) => g?.status === "active" && g.hash === source.sha512;
  expect(whole(inSource) || whole(inCopy), JSON.stringify({ t, inSource, inCopy })).toBe(true);
  // What the page says is what Glance says.
  expect(t.sourceDeleted).toBe(inSource === null);
  expect(t.status === "verified").toBe(whole(inCopy));
  if (t.status !== "verified") expect(inCopy).toBeNull();
  if (inCopy) made.push({ as: "beta", id: t.target.imageId!, region: "RegionOne" });
}

const setFailpoint = (line: string) => writeFileSync(failpoints, line);

describe("jobs under faults", () => {
  // Stopped: connections are cut and refused. Frozen: they hang, and so do the statements.
  const outages = [
    { what: "stopped for 20 s", seconds: 20, begin: () => (pg.stop(), () => pg.start()) },
    { what: "frozen (SIGSTOP) for 15 s", seconds: 15, begin: () => pg.freeze() },
  ];
  for (const outage of outages) {
    it(`PostgreSQL ${outage.what} in the middle of a relay: no live job is marked interrupted, the copy finishes verified, nothing is deleted`, async () => {
      const source = await alphaImage("faults-pg-outage", BIG, "RegionTwo");
      const slow = slowGlanceLink("RegionTwo");
      let end: (() => void) | null = null;
      try {
        const { id } = await startTransfer(alice, source.id, { move: false, region: "RegionTwo" });
        await until(
          "relay under way",
          () => transferOf(id),
          (t) => t.bytes > 0,
        );
        end = outage.begin();
        await sleep(outage.seconds * 1000);
        end();
        end = null;
        // Both janitors had their own heartbeats fail: each waits a whole lease of good ones
        // before judging anyone, by when the runner has renewed its lease.
        await sleep(3 * LEASE_S * 1000);
        const during = await transferOf(id);
        expect(during.status).toBe("running");
        expect(during.bytes).toBeLessThan(BIG * 2 ** 20);
        slow();
        const done = await until("copy verified", () => transferOf(id), settled, 120_000);
        expect(done.status).toBe("verified");
        await expectImageKept(done, source);
      } finally {
        end?.();
        slow();
      }
    }, 240_000);
  }

  for (const point of [
    "after-create",
    "after-verify",
    "before-source-delete",
    "after-source-delete",
  ]) {
    it(`a database failure at the move's step boundary "${point}": the image is whole in at least one place, and the page says where`, async () => {
      const source = await alphaImage(`faults-${point}`, 1);
      setFailpoint(`fail ${point}`);
      try {
        const { id } = await startTransfer(alice, source.id);
        await until("move settled", () => transferOf(id), settled);
        // A claimed deletion the runner could not record is settled by the janitor, from Glance.
        await until(
          "no claim left",
          () => stored(id),
          (r) => r.source_deleted !== 2,
        );
        const final = await transferOf(id);
        await expectImageKept(final, source);
        expect(final.status).toBe(point === "after-create" ? "failed" : "verified");
        expect(final.sourceDeleted).toBe(point === "after-source-delete");
      } finally {
        setFailpoint("");
      }
    }, 120_000);
  }

  for (const phase of ["uploading", "verified, not yet recorded", "deleting the source"]) {
    it(`kill -9 of the instance running a move while ${phase}: the other instance's janitor finds it, and the image is whole in at least one place`, async () => {
      const uploading = phase === "uploading";
      // Uploading: a source behind a slow link keeps the relay going (the target answers at once).
      const region = uploading ? "RegionTwo" : "RegionOne";
      const source = await alphaImage(
        `faults-kill-${phase.split(" ")[0]}`,
        uploading ? 24 : 1,
        region,
      );
      const slow = uploading ? slowGlanceLink(region) : () => undefined;
      setFailpoint(
        phase === "deleting the source"
          ? "stop before-source-delete"
          : uploading
            ? ""
            : "stop after-verify",
      );
      try {
        const { id, instance } = await startTransfer(alice, source.id, { region });
        if (uploading)
          await until(
            "relay under way",
            () => transferOf(id),
            (t) => t.bytes > 0,
          );
        else if (phase === "deleting the source")
          await until(
            "source claimed",
            () => stored(id),
            (r) => r.source_deleted === 2,
          );
        else
          await until(
            "data verified",
            () => transferOf(id),
            (t) => t.bytes === 2 ** 20,
          );
        await sleep(500);
        await proxied.instances[instance]!.stop("SIGKILL");
        slow();
        await until("janitor took it", () => transferOf(id), settled, 60_000);
        await until(
          "no lease or claim left",
          () => stored(id),
          (r) => r.lease_owner === null && r.source_deleted !== 2,
        );
        const final = await transferOf(id);
        await expectImageKept(final, source);
        expect(final.status).toBe(phase === "deleting the source" ? "verified" : "interrupted");
        expect(final.sourceDeleted).toBe(false);
      } finally {
        slow();
        setFailpoint("");
        await proxied.instances.find((i) => !i.running)?.start();
      }
    }, 180_000);
  }

  it("kill -9 of the instance running a share run of 24 projects: the other instance resumes it as the person who started it, and every project is invited once (the CLI agrees)", async () => {
    const image = await alphaImage("faults-share", 1, "RegionTwo");
    const members = Array.from({ length: 24 }, () => randomBytes(16).toString("hex"));
    type Run = { id: string; status: string; pairs: Record<string, { state: string }> };
    const shareRun = (id: string) =>
      alice.call("GET", `/api/share/runs/${id}`) as unknown as Promise<Run>;
    // Each invitation is slow to answer (an overloaded Glance), so the kill lands mid-run.
    const slow = throttleGlance("RegionTwo", { runMs: 50, pauseMs: 1_000 });
    try {
      const { id } = (await alice.call("POST", "/api/share/runs", {
        connection: conn.alpha,
        pairs: members.map((memberId) => ({ region: "RegionTwo", imageId: image.id, memberId })),
      })) as unknown as Run;
      const instance = PORTS.indexOf(Number(alice.servedBy.at(-1)!.split(":")[1]));
      await until(
        "invitations under way",
        () => shareRun(id),
        (r) => Object.values(r.pairs).some((p) => p.state !== "waiting"),
      );
      await proxied.instances[instance]!.stop("SIGKILL");
      slow();
      const done = await until(
        "the run resumed and ended",
        () => shareRun(id),
        (r) => !["queued", "running"].includes(r.status),
        90_000,
      );
      expect(done.status).toBe("done");
      // Each invited once: made, or found made by the server that died.
      expect(
        Object.values(done.pairs).filter((p) => !["added", "existing"].includes(p.state)),
      ).toEqual([]);
      expect(Object.keys(done.pairs)).toHaveLength(24);
      const listed = await openstackCli<{ "Member ID": string; Status: string }[]>(
        "alpha",
        ["image", "member", "list", image.id],
        "RegionTwo",
      );
      expect(listed.map((m) => m["Member ID"]).sort()).toEqual([...members].sort());
      expect(await jobRow(id)).toMatchObject({ resumes: 1, lease_owner: null, credentials: null });
    } finally {
      slow();
      await proxied.instances.find((i) => !i.running)?.start();
    }
  }, 180_000);

  it("a flood: one person past the cap is refused with a sentence; another person's copy still starts and finishes within seconds; a reader cannot cancel", async () => {
    const sources = await Promise.all(
      [0, 1, 2, 3].map((i) => alphaImage(`faults-flood-${i}`, BIG, "RegionTwo")),
    );
    const slow = slowGlanceLink("RegionTwo");
    try {
      const flood = [];
      for (const s of sources.slice(0, 3))
        flood.push(await startTransfer(alice, s.id, { move: false, region: "RegionTwo" }));
      await expect(
        startTransfer(alice, sources[3]!.id, { move: false, region: "RegionTwo" }),
      ).rejects.toThrow(/429 .*alpha-member has 3 jobs queued or running .*may have 3 at once/);
      // The cap counts every kind of job: a share run is refused as well.
      await expect(
        alice.call("POST", "/api/share/runs", {
          connection: conn.alpha,
          pairs: [{ region: "RegionTwo", imageId: sources[3]!.id, memberId: projectId("beta") }],
        }),
      ).rejects.toThrow(/429 .*alpha-member has 3 jobs queued or running/);

      // Another person, in another browser, copies one of beta's images into alpha.
      const bob = proxied.browser();
      const bobConn = {
        alpha: await bob.session.connect("multi-member", "beta"),
        beta: await bob.session.connect("multi-member", "alpha"),
      };
      const betaImage = await createImage("beta", { name: `faults-flood-beta-${Date.now()}` });
      made.push({ as: "beta", id: betaImage, region: "RegionOne" });
      await uploadData("beta", betaImage, randomBytes(2 ** 20));
      const started = Date.now();
      const { id } = await startTransfer(bob, betaImage, { move: false, connections: bobConn });
      const done = await until("bob's copy", () => transferOf(id, bob), settled, 30_000);
      expect(done.status).toBe("verified");
      expect(Date.now() - started).toBeLessThan(15_000);
      made.push({ as: "alpha", id: done.target.imageId!, region: "RegionOne" });

      // A reader of alpha sees alpha's transfers and cannot cancel one.
      const reader = proxied.browser();
      await reader.session.connect("alpha-reader", "alpha");
      await expect(reader.call("POST", `/api/transfers/${flood[0]!.id}/cancel`)).rejects.toThrow(
        /403 .*Only alpha-member, who started this transfer/,
      );
      // Alpha cancels what still runs of the flood, still behind the slow link (at full
      // speed, what is left would finish before the cancel lands).
      for (const f of flood) {
        if (settled(await transferOf(f.id))) continue;
        await alice.call("POST", `/api/transfers/${f.id}/cancel`);
        expect((await until("cancelled", () => transferOf(f.id), settled)).status).toBe(
          "cancelled",
        );
      }
    } finally {
      slow();
    }
  }, 240_000);
});
