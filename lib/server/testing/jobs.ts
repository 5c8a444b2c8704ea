// A row of the `jobs` table as a test wants it, in the database the test's environment names.
import { randomUUID } from "node:crypto";

import { insertJob, type NewJobRow, type RecordedJob } from "@/lib/server/core/jobs/store";
import { journalDb } from "@/lib/server/core/journal";

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
