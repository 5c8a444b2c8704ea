// A row of the `jobs` table as a test wants it, in the database the test's environment names.
import { randomUUID } from "node:crypto";

import type { KeystoneToken } from "@/lib/openstack/keystone";
import { insertJob, type NewJobRow, type RecordedJob } from "@/lib/server/core/jobs/store";
import { journalDb } from "@/lib/server/core/journal";
import { cloud } from "@/scripts/testing/local-cloud";

/** Records a job leased to this process: queued, of person `u` in project `p` of cloud `c`, unless `values` say otherwise. */
export async function insertTestJob(values: Partial<NewJobRow> = {}): Promise<RecordedJob> {
  const now = new Date().toISOString();
  const row: NewJobRow = {
    id: randomUUID(),
    kind: "test",
    created_at: now,
    updated_at: now,
    finished_at: null,
    user_id: "u",
    user_name: "u",
    cloud: "c",
    project_id: "p",
    project_name: "p",
    status: "queued",
    input: "{}",
    progress: "{}",
    error: null,
    ...values,
  };
  const db = await journalDb();
  await insertJob(db, row);
  return { db, id: row.id, person: row.user_id };
}

/** Reads a job (as its page would) until it has ended. */
export async function untilEnded<T extends { status: string }>(read: () => Promise<T>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const job = await read();
    if (job.status !== "running" && job.status !== "queued") return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the job did not end");
}

/** A job of a seeded login's person and project whose server died: running, its lease ran out a minute ago. */
export async function insertDeadJob(
  login: KeystoneToken,
  values: Partial<NewJobRow>,
): Promise<string> {
  const { id } = await insertTestJob({
    user_id: login.user.id,
    user_name: login.user.name,
    cloud: cloud.authUrl,
    project_id: login.project!.id,
    project_name: login.project!.name,
    status: "running",
    ...values,
  });
  await (
    await journalDb()
  )
    .updateTable("jobs")
    .set({ lease_owner: "a-process-that-died", lease_until: Date.now() - 60_000 })
    .where("id", "=", id)
    .execute();
  return id;
}
