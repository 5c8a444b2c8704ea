import "server-only";

import { randomUUID } from "node:crypto";

import { sql } from "kysely";

import { AppError } from "@/lib/errors";
import { say } from "@/lib/i18n/sentence";
import { getEnv } from "@/lib/server/env";
import { logFailure } from "@/lib/server/log";

import { dbNow, type JournalDb } from "../database";
import { journalDb } from "../journal";

/** This process, as the owner of the jobs it runs. */
export const PROCESS_OWNER = randomUUID();

/** The tables jobs live in: transfers (one per image × target), and the others'. */
export type JobTable = "transfers" | "jobs";

/** The statuses of a job that has not ended (of either table): only such a row is leased, cancelled or counted. */
export const ACTIVE_STATUSES = ["queued", "running"];

/** A job this process runs: how far it is, and how to stop it. */
interface Held {
  table?: JobTable;
  /** Bytes done (transfers). */
  progress?: () => number;
  /** Cancelled by someone, or its lease lost to the janitor: it must stop, and may not act. */
  stop: (why: StopReason) => void;
}

export type StopReason = "cancelled" | "lost";

const held = new Map<string, Held>();

/** Heartbeats renew every held lease several times per lease, so one late beat costs nothing. */
export const heartbeatMs = () => Math.min(2_000, Math.max(250, getEnv().jobs.leaseMs / 10));

/** The lease a job starts with, as columns of its row (either table). */
export const newLease = (db: JournalDb) => ({
  lease_owner: PROCESS_OWNER,
  lease_until: sql<number>`${dbNow(db)} + ${getEnv().jobs.leaseMs}`,
});

/**
 * The database's view of this process's health: since when every heartbeat has come back
 * in time (null after a failure or a stalled one). The janitor judges other processes' jobs
 * only after a whole lease of health, so a database outage that stopped everyone's
 * heartbeats never makes live jobs look dead once it ends.
 */
let healthySince: number | null = null;

/** Whether this process's heartbeats have all succeeded, in time, for at least `ms`. */
export const healthyFor = (ms: number, now = performance.now()) =>
  healthySince !== null && now - healthySince >= ms;

/** Keeps a job's lease while this process runs it; `release` ends it. */
export function holdLease(id: string, job: Held): void {
  held.set(id, job);
  startHeartbeats();
}

/** This process no longer runs the job: its row is let go (the janitor lets go one this cannot reach). */
export async function releaseLease(
  db: JournalDb,
  id: string,
  table: JobTable = "transfers",
): Promise<void> {
  held.delete(id);
  await db
    .updateTable(table)
    .set({ lease_owner: null, lease_until: null })
    .where("id", "=", id)
    .where("lease_owner", "=", PROCESS_OWNER)
    .execute();
}

/** Asks the server running a job to stop it (whichever instance: it reads this with its heartbeat). */
export async function requestCancel(db: JournalDb, id: string, table: JobTable): Promise<void> {
  await db
    .updateTable(table)
    .set({ cancel_requested: 1 })
    .where("id", "=", id)
    .where("status", "in", ACTIVE_STATUSES)
    .execute();
}

let beating = false;

/**
 * One heartbeat for every job of this process, one statement per table: their leases are
 * renewed (on the database's clock) with their progress, and each learns whether it was
 * cancelled or lost its lease to the janitor. A beat already running is not doubled.
 */
export async function heartbeat(db: JournalDb): Promise<void> {
  if (beating) return;
  beating = true;
  const started = performance.now();
  try {
    if (held.size === 0) await sql`select 1`.execute(db);
    for (const table of ["transfers", "jobs"] as const) {
      const jobs = [...held].filter(([, job]) => (job.table ?? "transfers") === table);
      if (jobs.length > 0) await renew(db, table, jobs);
    }
    // A beat that stalled (a frozen database) counts as a failure: others may have missed theirs.
    const now = performance.now();
    if (now - started > 2 * heartbeatMs()) healthySince = now;
    else healthySince ??= started;
  } catch (err) {
    if (healthySince !== null) logFailure("job heartbeat failed", err);
    healthySince = null;
  } finally {
    beating = false;
  }
}

/** Renews one table's leases in one statement (with progress where the table keeps it), then tells each job what became of it. */
async function renew(db: JournalDb, table: JobTable, jobs: [string, Held][]) {
  const ids = jobs.map(([id]) => id);
  const lease_until = sql<number>`${dbNow(db)} + ${getEnv().jobs.leaseMs}`;
  const updated_at = new Date().toISOString();
  if (table === "transfers")
    await db
      .updateTable("transfers")
      .set({
        lease_until,
        updated_at,
        bytes: sql<number>`case id ${sql.join(
          jobs.map(([id, job]) => sql`when ${id} then ${job.progress?.() ?? 0}`),
          sql` `,
        )} else bytes end`,
      })
      .where("id", "in", ids)
      .where("lease_owner", "=", PROCESS_OWNER)
      .execute();
  else
    await db
      .updateTable("jobs")
      .set({ lease_until, updated_at })
      .where("id", "in", ids)
      .where("lease_owner", "=", PROCESS_OWNER)
      .execute();
  const rows = await db
    .selectFrom(table)
    .select(["id", "lease_owner", "cancel_requested"])
    .where("id", "in", ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const [id, job] of jobs) {
    const row = byId.get(id);
    if (!held.has(id)) continue;
    if (!row || row.lease_owner !== PROCESS_OWNER) job.stop("lost");
    else if (row.cancel_requested === 1) job.stop("cancelled");
  }
}

let timer: NodeJS.Timeout | null = null;

/** Starts this process's one heartbeat loop (idempotent). */
export function startHeartbeats(): void {
  if (timer) return;
  timer = setInterval(() => {
    journalDb()
      .then(heartbeat)
      .catch(() => (healthySince = null));
  }, heartbeatMs());
  timer.unref();
}

/** The error a job stops with when its lease was lost: another instance took it as dead. */
export const leaseLost = () => new AppError("conflict", say("jobs.leaseLost"));
