import "server-only";

import type { Insertable, Selectable } from "kysely";

import { say } from "@/lib/i18n/sentence";
import { keep } from "@/lib/i18n/write";
import type { TransferDto, TransferPath, TransferStatus } from "@/lib/schemas/transfers";
import { dbNow, type JournalDb } from "@/lib/server/core/database";
import { ACTIVE_STATUSES, newLease, PROCESS_OWNER } from "@/lib/server/core/jobs/leases";
import type { JournalScope } from "@/lib/server/core/journal";
import type { JournalTables } from "@/lib/server/core/tables";

type Row = Selectable<JournalTables["transfers"]>;
export type NewTransferRow = Insertable<JournalTables["transfers"]>;

/** How every transfer starts: nothing relayed, checked, cleaned up or asked of it yet. */
export const FRESH_TRANSFER = {
  status: "queued",
  bytes: 0,
  sha512: null,
  error: null,
  source_deleted: 0,
  cleanup: "none",
  cleanup_error: null,
  cancel_requested: 0,
} as const satisfies Partial<NewTransferRow>;

/** The newest transfers a page lists. */
export const TRANSFER_PAGE = 200;

/** Records new transfers, leased to this process, which runs them. */
export async function insertTransfers(db: JournalDb, rows: NewTransferRow[]): Promise<void> {
  await db
    .insertInto("transfers")
    .values(rows.map((row) => ({ ...row, ...newLease(db) })))
    .execute();
}

export async function updateTransfer(
  db: JournalDb,
  id: string,
  values: Partial<Omit<Row, "id">>,
): Promise<void> {
  await db
    .updateTable("transfers")
    .set({ ...values, updated_at: values.updated_at ?? new Date().toISOString() })
    .where("id", "=", id)
    .execute();
}

/**
 * Ends a transfer this process still runs: false when it no longer does (the janitor took
 * it as dead, or it had already ended), and then nothing is written.
 */
export async function finishTransfer(
  db: JournalDb,
  id: string,
  status: TransferStatus,
  values: Partial<Omit<Row, "id" | "status">> = {},
): Promise<boolean> {
  const now = new Date().toISOString();
  const result = await db
    .updateTable("transfers")
    .set({ ...values, status, finished_at: now, updated_at: now })
    .where("id", "=", id)
    .where("status", "in", ACTIVE_STATUSES)
    .where("lease_owner", "=", PROCESS_OWNER)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

// source_deleted: 0 kept, 1 deleted, 2 claimed by the runner deleting it.
const SOURCE_DELETING = 2;

/**
 * Claims the deletion of a moved source for the caller: true for exactly one caller, only
 * once every copy of it in the batch is recorded verified and none was asked to cancel, and
 * only while the caller's own transfer still holds its lease (a runner the janitor took as
 * dead never deletes).
 */
export async function claimSourceDeletion(
  db: JournalDb,
  batch: string,
  sourceImageId: string,
  claimerId: string,
): Promise<boolean> {
  const pairs = db
    .selectFrom("transfers")
    .where("batch", "=", batch)
    .where("source_image_id", "=", sourceImageId);
  const result = await db
    .updateTable("transfers")
    .set({ source_deleted: SOURCE_DELETING })
    .where("batch", "=", batch)
    .where("source_image_id", "=", sourceImageId)
    .where("source_deleted", "=", 0)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("transfers as claimer")
          .select("claimer.id")
          .where("claimer.id", "=", claimerId)
          .where("claimer.lease_owner", "=", PROCESS_OWNER)
          .where("claimer.lease_until", ">", dbNow(db)),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          pairs
            .select("id")
            .where((p) =>
              p.or([
                p("status", "!=", "verified"),
                p("cancel_requested", "=", 1),
                p("source_deleted", "!=", 0),
              ]),
            ),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Records that a claimed source is deleted. */
export async function markSourceDeleted(
  db: JournalDb,
  batch: string,
  sourceImageId: string,
): Promise<void> {
  await db
    .updateTable("transfers")
    .set({ source_deleted: 1, updated_at: new Date().toISOString() })
    .where("batch", "=", batch)
    .where("source_image_id", "=", sourceImageId)
    .execute();
}

/** Gives a claimed deletion back after it failed, with why, on every pair. */
export async function releaseSourceDeletion(
  db: JournalDb,
  batch: string,
  sourceImageId: string,
  error: string,
): Promise<void> {
  await db
    .updateTable("transfers")
    .set({ source_deleted: 0, error, updated_at: new Date().toISOString() })
    .where("batch", "=", batch)
    .where("source_image_id", "=", sourceImageId)
    .execute();
}

/** A transfer as the server knows it: the browser's view, and which Keystone each side belongs to. */
export interface TransferRecord {
  dto: TransferDto;
  sourceCloud: string;
  targetCloud: string;
}

export async function transfersOfBatch(db: JournalDb, batch: string): Promise<TransferRecord[]> {
  return (
    await db.selectFrom("transfers").selectAll().where("batch", "=", batch).orderBy("id").execute()
  ).map(toRecord);
}

/** Transfers from or into the given projects (or one of them, by id), newest first; never another project's. */
export async function listTransfers(
  db: JournalDb,
  scopes: JournalScope[],
  { id, limit = TRANSFER_PAGE }: { id?: string; limit?: number } = {},
): Promise<TransferRecord[]> {
  if (scopes.length === 0) return [];
  let query = db.selectFrom("transfers").selectAll();
  if (id !== undefined) query = query.where("id", "=", id);
  const rows = await query
    .where((eb) =>
      eb.or(
        scopes.flatMap((s) => [
          eb.and([eb("source_cloud", "=", s.cloud), eb("source_project_id", "=", s.projectId)]),
          eb.and([eb("target_cloud", "=", s.cloud), eb("target_project_id", "=", s.projectId)]),
        ]),
      ),
    )
    .orderBy("created_at", "desc")
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map(toRecord);
}

const num = (v: number | string) => Number(v);

function toRecord(r: Row): TransferRecord {
  return { dto: toDto(r), sourceCloud: r.source_cloud, targetCloud: r.target_cloud };
}

function toDto(r: Row): TransferDto {
  return {
    id: r.id,
    batch: r.batch,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    finishedAt: r.finished_at,
    user: { id: r.user_id, name: r.user_name },
    source: {
      projectId: r.source_project_id,
      projectName: r.source_project_name,
      region: r.source_region,
      imageId: r.source_image_id,
      imageName: r.source_image_name,
    },
    target: {
      projectId: r.target_project_id,
      projectName: r.target_project_name,
      region: r.target_region,
      imageId: r.target_image_id,
      name: r.target_name,
    },
    path: r.path as TransferPath,
    pathNote: r.path_note,
    move: r.move === 1,
    keepMembers: r.keep_members === 1,
    status: r.status as TransferStatus,
    bytes: num(r.bytes),
    size: r.size === null ? null : num(r.size),
    sha512: r.sha512,
    error: r.error,
    resultNote: r.result_note,
    recoveryNote: r.recovery_note,
    sourceDeleted: r.source_deleted === 1,
    cleanup: r.cleanup as TransferDto["cleanup"],
    cleanupError: r.cleanup_error,
  };
}

/** What the janitor writes on a transfer whose runner died while it ran. */
export const INTERRUPTED = keep(say("transfers.interrupted"));
const MOVE_CUT_SHORT = keep(say("transfers.moveCutShort"));

/** Transfers whose runner's lease ran out without it letting go (a crash, a kill, a lost database). */
export async function expiredTransfers(db: JournalDb): Promise<Row[]> {
  return db
    .selectFrom("transfers")
    .selectAll()
    .where("lease_owner", "is not", null)
    .where("lease_until", "<", dbNow(db))
    .execute();
}

/**
 * Takes a transfer from its dead runner, unless that runner renewed the lease since it was
 * read: one that ran ends interrupted (its copy, if any, to clean up); a move whose source
 * was never claimed says the image is in both places. True if this call took it.
 */
export async function takeOver(db: JournalDb, row: Row): Promise<boolean> {
  const ran = row.status === "queued" || row.status === "running";
  const now = new Date().toISOString();
  const values: Partial<Omit<Row, "id">> = ran
    ? {
        status: "interrupted",
        finished_at: now,
        error: INTERRUPTED,
        cleanup: row.target_image_id ? "needed" : "none",
      }
    : row.move === 1 && row.status === "verified" && row.source_deleted === 0 && !row.error
      ? { error: MOVE_CUT_SHORT }
      : {};
  const result = await db
    .updateTable("transfers")
    .set({ ...values, lease_owner: null, lease_until: null, updated_at: now })
    .where("id", "=", row.id)
    .where("lease_owner", "=", row.lease_owner)
    .where("lease_until", "=", row.lease_until)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Transfers nobody runs any more that left something to undo: a copy, a membership, a claimed deletion. */
export async function leftovers(db: JournalDb): Promise<Row[]> {
  return db
    .selectFrom("transfers")
    .selectAll()
    .where("lease_owner", "is", null)
    .where("credentials", "is not", null)
    .where((eb) =>
      eb.or([
        eb("cleanup", "=", "needed"),
        eb("temporary_member", "=", "added"),
        eb("source_deleted", "=", 2),
      ]),
    )
    .orderBy("created_at")
    .limit(100)
    .execute();
}

/** Whether a live transfer still uses the membership of `target` in this source image. */
export async function membershipInUse(db: JournalDb, row: Row): Promise<boolean> {
  const live = await db
    .selectFrom("transfers")
    .select("id")
    .where("source_cloud", "=", row.source_cloud)
    .where("source_region", "=", row.source_region)
    .where("source_image_id", "=", row.source_image_id)
    .where("target_project_id", "=", row.target_project_id)
    .where("temporary_member", "=", "added")
    .where("lease_owner", "is not", null)
    .executeTakeFirst();
  return live !== undefined;
}

/** Records a temporary membership's state on every transfer that used it. */
export async function recordMembership(
  db: JournalDb,
  row: Pick<Row, "source_cloud" | "source_region" | "source_image_id" | "target_project_id">,
  state: "added" | "removed",
  ids?: string[],
): Promise<void> {
  let query = db
    .updateTable("transfers")
    .set({ temporary_member: state })
    .where("source_cloud", "=", row.source_cloud)
    .where("source_region", "=", row.source_region)
    .where("source_image_id", "=", row.source_image_id)
    .where("target_project_id", "=", row.target_project_id);
  query = ids ? query.where("id", "in", ids) : query.where("temporary_member", "=", "added");
  await query.execute();
}

/** Forgets the session cookies of transfers that have ended and left nothing to undo. */
export async function dropCredentials(db: JournalDb): Promise<void> {
  await db
    .updateTable("transfers")
    .set({ credentials: null })
    .where("credentials", "is not", null)
    .where("lease_owner", "is", null)
    .where("status", "not in", ACTIVE_STATUSES)
    .where("cleanup", "!=", "needed")
    .where((eb) =>
      eb.or([eb("temporary_member", "is", null), eb("temporary_member", "!=", "added")]),
    )
    .where("source_deleted", "!=", 2)
    .execute();
}

/** Deletes ended transfers and journal entries older than their retention (days; 0 keeps them). */
export async function applyRetention(
  db: JournalDb,
  { jobs, journal }: { jobs: number; journal: number },
  now = Date.now(),
): Promise<void> {
  const before = (days: number) => new Date(now - days * 86_400_000).toISOString();
  if (jobs > 0)
    await db
      .deleteFrom("transfers")
      .where("finished_at", "<", before(jobs))
      .where("lease_owner", "is", null)
      .where("status", "not in", ACTIVE_STATUSES)
      // A copy still to delete stays listed until someone does.
      .where("cleanup", "not in", ["needed", "failed"])
      .execute();
  if (journal > 0)
    await db.deleteFrom("journal_entries").where("at", "<", before(journal)).execute();
}
