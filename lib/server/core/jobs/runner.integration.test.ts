// The job runner on a real database (SQLite here; PostgreSQL in deploy/job-faults.test.ts):
// progress written as it goes, and no step claimed once the lease is gone.
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { describe, expect, it } from "vitest";

import type { JournalDb } from "../database";
import { journalDb } from "../journal";
import { JobRun } from "./runner";
import { insertJob } from "./store";

process.env.GLANCE_SHARE_DATA_DIR = mkdtempSync(path.join(tmpdir(), "glance-share-runner-"));

type Progress = { done: string[] };

/** A job of two irreversible steps; the test does something between them. */
class TwoSteps extends JobRun<Progress> {
  acted: string[] = [];
  constructor(
    db: JournalDb,
    id: string,
    private readonly between: () => Promise<void>,
  ) {
    super(db, id, { done: [] });
  }
  protected async steps() {
    for (const step of ["first", "second"]) {
      await this.claim((p) => p.done.push(step));
      this.acted.push(step);
      if (step === "first") await this.between();
    }
  }
}

async function newJob(): Promise<string> {
  const id = randomUUID();
  const now = new Date().toISOString();
  await insertJob(await journalDb(), {
    id,
    kind: "test",
    created_at: now,
    updated_at: now,
    finished_at: null,
    user_id: "u",
    user_name: "u",
    cloud: "c",
    project_id: "p",
    project_name: "p",
    status: "running",
    input: "{}",
    progress: JSON.stringify({ done: [] }),
    error: null,
  });
  return id;
}

const row = async (id: string) =>
  (await journalDb())
    .selectFrom("jobs")
    .select(["status", "progress", "lease_owner", "error"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();

describe("JobRun", () => {
  it("records each claimed step and ends done, letting go of its lease", async () => {
    const id = await newJob();
    const job = new TwoSteps(await journalDb(), id, async () => undefined);
    await job.run();
    expect(job.acted).toEqual(["first", "second"]);
    expect(await row(id)).toMatchObject({
      status: "done",
      progress: JSON.stringify({ done: ["first", "second"] }),
      lease_owner: null,
    });
  });

  it("does not take the next step once another instance took the job as dead, and leaves its row to that one", async () => {
    const id = await newJob();
    const job = new TwoSteps(await journalDb(), id, async () => {
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
});
