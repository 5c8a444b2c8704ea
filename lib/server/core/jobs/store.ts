import "server-only";

import { randomUUID } from "node:crypto";

import { sql, type Insertable, type Selectable, type Updateable } from "kysely";

import { AppError } from "@/lib/errors";
import { say, type Sentence } from "@/lib/i18n/sentence";
import { keep } from "@/lib/i18n/write";
import type { JobDtoBase } from "@/lib/schemas/jobs";
import { logFailure } from "@/lib/server/log";

import type { ProjectContext, Source } from "../context";
import { dbNow, type JournalDb } from "../database";
import { journalDb, journalScopes, type JournalScope } from "../journal";
import type { JournalTables } from "../tables";
import { ACTIVE_STATUSES, newLease, PROCESS_OWNER } from "./leases";

export type JobRow = Selectable<JournalTables["jobs"]>;
export type NewJobRow = Omit<
  Insertable<JournalTables["jobs"]>,
  "lease_owner" | "lease_until" | "cancel_requested" | "resumes"
>;

/** What the janitor writes on a job whose runner died while it ran. */
export const JOB_INTERRUPTED = say("jobs.interrupted");

/** Records a new job, leased to this process, which runs it. */
export async function insertJob(db: JournalDb, row: NewJobRow): Promise<void> {
  await db
    .insertInto("jobs")
    .values({ ...row, ...newLease(db) })
    .execute();
}

/**
 * Writes a job's progress (and that it runs, once it has its turn) while this process still
 * runs it: false when it no longer does (the janitor took it as dead), and then the job must
 * stop before its next step.
 */
export const saveJobProgress = (db: JournalDb, id: string, progress: unknown) =>
  updateMine(db, id, {
    status: "running",
    progress: JSON.stringify(progress),
    updated_at: new Date().toISOString(),
  });

/** Ends a job this process runs, with its last progress. */
export async function finishJob(
  db: JournalDb,
  id: string,
  status: "done" | "failed" | "cancelled" | "interrupted",
  progress: unknown,
  error: string | null = null,
): Promise<boolean> {
  const now = new Date().toISOString();
  return updateMine(db, id, {
    status,
    progress: JSON.stringify(progress),
    error,
    finished_at: now,
    updated_at: now,
    credentials: null,
  });
}

/** Changes a job this process still runs: false when it no longer does. */
async function updateMine(
  db: JournalDb,
  id: string,
  values: Updateable<JournalTables["jobs"]>,
): Promise<boolean> {
  const result = await db
    .updateTable("jobs")
    .set(values)
    .where("id", "=", id)
    .where("status", "in", ACTIVE_STATUSES)
    .where("lease_owner", "=", PROCESS_OWNER)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Jobs (of one kind, or all) acting in the given projects (or one of them, by id), newest first. */
export async function listJobs(
  db: JournalDb,
  kind: string | null,
  scopes: JournalScope[],
  { id, limit = 50 }: { id?: string; limit?: number } = {},
): Promise<JobRow[]> {
  if (scopes.length === 0) return [];
  let query = db.selectFrom("jobs").selectAll();
  if (kind !== null) query = query.where("kind", "=", kind);
  if (id !== undefined) query = query.where("id", "=", id);
  return query
    .where((eb) =>
      eb.or(
        scopes.map((s) => eb.and([eb("cloud", "=", s.cloud), eb("project_id", "=", s.projectId)])),
      ),
    )
    .orderBy("created_at", "desc")
    .orderBy("id")
    .limit(limit)
    .execute();
}

/** How many times a job whose server died is resumed before it is left interrupted. */
const MAX_RESUMES = 3;

/** Resumes a job of one kind in this process, from its row, once the janitor holds it. */
export type Resumer = (job: RecordedJob, row: JobRow) => Promise<void>;
const resumers = new Map<string, Resumer>();

/** Says how a kind of job is resumed after its server died (a kind without one is interrupted). */
export function registerResumer(kind: string, resume: Resumer): void {
  resumers.set(kind, resume);
}

/**
 * Takes over a job whose runner's lease ran out, for this process: queued again, its
 * resumes counted. False when another process (or its own runner, back in time) has it.
 */
async function takeOverJob(db: JournalDb, id: string): Promise<boolean> {
  const result = await db
    .updateTable("jobs")
    .set({
      ...newLease(db),
      status: "queued",
      resumes: sql<number>`resumes + 1`,
      updated_at: new Date().toISOString(),
    })
    .where("id", "=", id)
    .where("status", "in", ACTIVE_STATUSES)
    .where("lease_until", "<", dbNow(db))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * The janitor's round for jobs: one whose runner's lease ran out is taken over and resumed
 * here, as the person who started it (a share run or rollout; at most MAX_RESUMES times,
 * and while its kept session lasts), or else interrupted, its progress saying what was done.
 * Ended jobs forget their session; those past the retention are deleted.
 */
export async function sweepJobs(db: JournalDb, retentionDays: number, now = Date.now()) {
  const at = new Date(now).toISOString();
  const dead = await db
    .selectFrom("jobs")
    .selectAll()
    .where("lease_owner", "is not", null)
    .where("lease_until", "<", dbNow(db))
    .where("status", "in", ACTIVE_STATUSES)
    .execute();
  for (const row of dead) {
    const resume = resumers.get(row.kind);
    if (resume && row.credentials && row.resumes < MAX_RESUMES && (await takeOverJob(db, row.id))) {
      const job = { db, id: row.id, person: `${row.cloud}|${row.user_id}` };
      resume(job, row).catch((err: unknown) => logFailure("job not resumed", err));
      continue;
    }
    await db
      .updateTable("jobs")
      .set({ status: "interrupted", error: keep(JOB_INTERRUPTED), finished_at: at, updated_at: at })
      .where("id", "=", row.id)
      .where("lease_until", "<", dbNow(db))
      .where("status", "in", ACTIVE_STATUSES)
      .execute();
  }
  await db
    .updateTable("jobs")
    .set({ lease_owner: null, lease_until: null })
    .where("lease_owner", "is not", null)
    .where("lease_until", "<", dbNow(db))
    .execute();
  await db
    .updateTable("jobs")
    .set({ credentials: null })
    .where("credentials", "is not", null)
    .where("status", "not in", ACTIVE_STATUSES)
    .execute();
  if (retentionDays > 0)
    await db
      .deleteFrom("jobs")
      .where("finished_at", "<", new Date(now - retentionDays * 86_400_000).toISOString())
      .where("lease_owner", "is", null)
      .execute();
}

/** A job's row as every kind shows it. */
export const jobBase = (row: JobRow): JobDtoBase => ({
  id: row.id,
  status: row.status as JobDtoBase["status"],
  createdAt: row.created_at,
  finishedAt: row.finished_at,
  user: { id: row.user_id, name: row.user_name },
  project: { id: row.project_id, name: row.project_name },
  error: row.error,
});

/** A job (of this kind, or any) acting in a project connected here: its row, as every kind shows it, and its progress. */
export async function visibleJob(
  projects: ProjectContext,
  kind: string | null,
  id: string,
  notFound: Sentence,
): Promise<{ row: JobRow; base: JobDtoBase; progress: unknown }> {
  const scopes = journalScopes(await projects.connections());
  const [row] = await listJobs(await journalDb(), kind, scopes, { id });
  if (!row) throw new AppError("not_found", notFound);
  return { row, base: jobBase(row), progress: JSON.parse(row.progress) as unknown };
}

/** A job of this kind, as the page reads it: its row's common part and its progress. */
export async function readJob<P>(
  projects: ProjectContext,
  kind: string,
  id: string,
  notFound: Sentence,
): Promise<JobDtoBase & P> {
  const { base, progress } = await visibleJob(projects, kind, id, notFound);
  return { ...base, ...(progress as P) };
}

/** A job of this kind with what was asked of it (its input, less the title the list shows). */
export async function readJobAsked<P, R>(
  projects: ProjectContext,
  kind: string,
  id: string,
  notFound: Sentence,
): Promise<JobDtoBase & P & { request: R }> {
  const { row, base, progress } = await visibleJob(projects, kind, id, notFound);
  const request = JSON.parse(row.input) as R & { title?: string };
  delete request.title;
  return { ...base, ...(progress as P), request };
}

/** A job just recorded, to hand to its runner. */
export interface RecordedJob {
  db: JournalDb;
  id: string;
  /** Who started it, as the fair scheduling between people knows them. */
  person: string;
}

/**
 * Records a job of `source`'s project, as its person, queued and leased to this process,
 * which runs it (its start has checked the caps: `refuseOverCaps`). It keeps the sealed
 * cookie of that connection until it ends, so that another instance can resume it.
 */
export async function recordJob(
  db: JournalDb,
  kind: string,
  projects: ProjectContext,
  source: Source,
  input: unknown,
  progress: unknown,
): Promise<RecordedJob> {
  const { stored } = source.connection;
  const now = new Date().toISOString();
  const id = randomUUID();
  await insertJob(db, {
    id,
    kind,
    created_at: now,
    updated_at: now,
    finished_at: null,
    user_id: stored.user.id,
    user_name: stored.user.name,
    cloud: stored.authUrl,
    project_id: stored.project.id,
    project_name: stored.project.name,
    status: "queued",
    input: JSON.stringify(input),
    progress: JSON.stringify(progress),
    error: null,
    credentials: JSON.stringify(projects.session.sealedConnections([stored.id])),
  });
  return { db, id, person: `${stored.authUrl}|${stored.user.id}` };
}
