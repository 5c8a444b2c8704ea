import "server-only";

import type { Insertable, Selectable } from "kysely";

import type { TransferDto, TransferPath, TransferStatus } from "@/lib/schemas/transfers";
import type { JournalDb } from "@/lib/server/core/database";
import type { JournalScope } from "@/lib/server/core/journal";
import type { JournalTables } from "@/lib/server/core/tables";

type Row = Selectable<JournalTables["transfers"]>;
export type NewTransferRow = Insertable<JournalTables["transfers"]>;

/** The newest transfers a page lists. */
export const TRANSFER_PAGE = 200;

/** A running transfer whose server has not reported for this long has lost that server. */
export const HEARTBEAT_MS = 1_000;
export const STALE_AFTER_MS = 15_000;

export async function insertTransfers(db: JournalDb, rows: NewTransferRow[]): Promise<void> {
  await db.insertInto("transfers").values(rows).execute();
}

/** Records how far a transfer is (its heartbeat); returns whether someone asked to cancel it. */
export async function reportProgress(
  db: JournalDb,
  id: string,
  bytes: number,
  now = new Date(),
): Promise<boolean> {
  await db
    .updateTable("transfers")
    .set({ bytes, updated_at: now.toISOString() })
    .where("id", "=", id)
    .where("status", "in", ["queued", "running"])
    .execute();
  const row = await db
    .selectFrom("transfers")
    .select("cancel_requested")
    .where("id", "=", id)
    .executeTakeFirst();
  return row?.cancel_requested === 1;
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

/** Ends a transfer that is still running (a cancel or a restart may have ended it first). */
export async function finishTransfer(
  db: JournalDb,
  id: string,
  status: TransferStatus,
  values: Partial<Omit<Row, "id" | "status">> = {},
): Promise<void> {
  const now = new Date().toISOString();
  await db
    .updateTable("transfers")
    .set({ ...values, status, finished_at: now, updated_at: now })
    .where("id", "=", id)
    .where("status", "in", ["queued", "running"])
    .execute();
}

// source_deleted: 0 kept, 1 deleted, 2 claimed by the runner deleting it.
const SOURCE_DELETING = 2;

/**
 * Claims the deletion of a moved source for the caller: true for exactly one caller, and only
 * once every copy of it in the batch is recorded verified and none was asked to cancel.
 */
export async function claimSourceDeletion(
  db: JournalDb,
  batch: string,
  sourceImageId: string,
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

/**
 * Marks as interrupted every transfer whose server stopped reporting (it was restarted or
 * died): nothing runs it any more, and a copy it had started is left to clean up.
 */
export async function markInterrupted(db: JournalDb, now = new Date()): Promise<void> {
  const at = now.toISOString();
  await db
    .updateTable("transfers")
    .set((eb) => ({
      status: "interrupted",
      finished_at: at,
      error: "The server stopped while this copy ran (a restart or a crash): it did not finish.",
      cleanup: eb.case().when("target_image_id", "is not", null).then("needed").else("none").end(),
    }))
    .where("status", "in", ["queued", "running"])
    .where("updated_at", "<", new Date(now.getTime() - STALE_AFTER_MS).toISOString())
    .execute();
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

/** Asks the server running a transfer to stop it (whichever instance that is: it reads this with its heartbeat). */
export async function requestCancel(db: JournalDb, id: string): Promise<void> {
  await db
    .updateTable("transfers")
    .set({ cancel_requested: 1 })
    .where("id", "=", id)
    .where("status", "in", ["queued", "running"])
    .execute();
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
