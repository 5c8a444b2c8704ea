// The job runner on a real database (SQLite here; PostgreSQL in deploy/job-faults.test.ts):
// progress written as it goes, no step claimed once the lease is gone, one person's flood
// queued behind another's job, and the caps.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { insertTestJob } from "@/lib/server/testing/jobs";

import type { Source } from "../context";
import { journalDb } from "../journal";
import { refuseOverCaps } from "./caps";
import { JobRun } from "./runner";
import type { RecordedJob } from "./store";

process.env.GLANCE_SHARE_DATA_DIR = mkdtempSync(path.join(tmpdir(), "glance-share-runner-"));
process.env.GLANCE_SHARE_JOBS_PER_USER = "5";
process.env.GLANCE_SHARE_JOBS_PER_PROJECT = "6";

type Progress = { done: string[] };

/** A job of two irreversible steps; the test does something between them. */
class TwoSteps extends JobRun<Progress> {
  acted: string[] = [];
  constructor(
    job: RecordedJob,
    private readonly between: () => Promise<void>,
  ) {
    super(job, { done: [] });
  }
  protected async steps() {
    for (const step of ["first", "second"]) {
      await this.claim((p) => p.done.push(step));
      this.acted.push(step);
      if (step === "first") await this.between();
    }
  }
}

/** A job recorded as queued, of `user` in project `project`. */
const newJob = (user = "u", project = "p") =>
  insertTestJob({
    user_id: user,
    user_name: user,
    project_id: project,
    project_name: project,
    progress: JSON.stringify({ done: [] }),
  });

const row = async (id: string) =>
  (await journalDb())
    .selectFrom("jobs")
    .select(["status", "progress", "lease_owner", "error"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();

describe("JobRun", () => {
  it("records each claimed step and ends done, letting go of its lease", async () => {
    const recorded = await newJob();
    const { id } = recorded;
    const job = new TwoSteps(recorded, async () => undefined);
    await job.run();
    expect(job.acted).toEqual(["first", "second"]);
    expect(await row(id)).toMatchObject({
      status: "done",
      progress: JSON.stringify({ done: ["first", "second"] }),
      lease_owner: null,
    });
  });

  it("does not take the next step once another instance took the job as dead, and leaves its row to that one", async () => {
    const recorded = await newJob();
    const { id } = recorded;
    const job = new TwoSteps(recorded, async () => {
      await (
        await journalDb()
      )
        .updateTable("jobs")
        .set({ lease_owner: "the-janitor-of-another-instance", status: "interrupted" })
        .where("id", "=", id)
        .execute();
    });
    await job.run();
    expect(job.acted).toEqual(["first"]);
    expect(await row(id)).toMatchObject({
      status: "interrupted",
      progress: JSON.stringify({ done: ["first"] }),
    });
  });

  it("runs two of a person's jobs at once, queues the rest, and another person's job still runs at once", async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const flood = await Promise.all([1, 2, 3, 4, 5].map(() => newJob("flooder", "f")));
    const runs = flood.map((recorded) => new TwoSteps(recorded, () => gate));
    const ran = runs.map((job) => job.run());
    await expect.poll(async () => (await row(flood[1]!.id)).status).toBe("running");
    expect((await row(flood[0]!.id)).status).toBe("running");

    const other = await newJob("other", "o");
    await new TwoSteps(other, async () => undefined).run();
    expect(await row(other.id)).toMatchObject({ status: "done" });
    for (const { id } of flood.slice(2))
      expect(await row(id)).toMatchObject({
        status: "queued",
        progress: JSON.stringify({ done: [] }),
      });

    open();
    await Promise.all(ran);
    for (const { id } of flood) expect((await row(id)).status).toBe("done");
  });
});

/** A project's connection as the caps read it. */
const source = (user: string, project: string) =>
  ({
    connection: {
      stored: {
        authUrl: "c",
        user: { id: user, name: `${user}-name` },
        project: { id: project, name: `${project}-name` },
      },
    },
  }) as unknown as Source;

describe("refuseOverCaps", () => {
  it("counts a person's queued and running jobs of every kind, ended ones not", async () => {
    const db = await journalDb();
    for (let i = 0; i < 4; i++) await newJob("capped", `cap-${i}`);
    const ended = await newJob("capped", "cap-x");
    await db.updateTable("jobs").set({ status: "done" }).where("id", "=", ended.id).execute();
    await expect(refuseOverCaps(db, source("capped", "q"), [], 1)).resolves.toBeUndefined();
    await expect(refuseOverCaps(db, source("capped", "q"), [], 2)).rejects.toMatchObject({
      code: "rate_limited",
      message: expect.stringMatching(
        /^capped-name has 4 jobs queued or running \(transfers, share runs, rollouts\), and may have 5 at once: these 2 would be too many\./,
      ) as unknown,
    });
  });

  it("counts a project's jobs whoever started them", async () => {
    const db = await journalDb();
    for (let i = 0; i < 6; i++) await newJob(`person-${i}`, "busy");
    await expect(
      refuseOverCaps(db, source("newcomer", "quiet"), [source("newcomer", "quiet")], 1),
    ).resolves.toBeUndefined();
    await expect(
      refuseOverCaps(db, source("newcomer", "busy"), [source("newcomer", "busy")], 1),
    ).rejects.toMatchObject({
      code: "rate_limited",
      message: expect.stringContaining(
        "busy-name has 6 jobs queued or running (transfers, share runs, rollouts), and may have 6 at once: this one would be too many.",
      ) as unknown,
    });
  });
});
