import "server-only";

import type { JournalAction, JournalEntryDto, JournalQuery } from "@/lib/schemas/journal";

import type { JournalDb } from "./database";

/** What one change was, by whom, where; the outcome is added when it is known. */
export interface JournalEvent {
  /** The Keystone URL the project belongs to. */
  cloud: string;
  user: { id: string; name: string };
  project: { id: string; name: string };
  region: string;
  image: { id: string; name: string | null };
  memberId: string | null;
  action: JournalAction;
}

export type JournalOutcome =
  { outcome: "ok" } | { outcome: "failed"; error: { code: string; message: string } };

/** Appends one entry. */
export async function appendEntry(
  db: JournalDb,
  event: JournalEvent,
  result: JournalOutcome,
  at = new Date(),
): Promise<void> {
  await db
    .insertInto("journal_entries")
    .values({
      at: at.toISOString(),
      cloud: event.cloud,
      user_id: event.user.id,
      user_name: event.user.name,
      project_id: event.project.id,
      project_name: event.project.name,
      region: event.region,
      image_id: event.image.id,
      image_name: event.image.name,
      member_id: event.memberId,
      action: event.action,
      outcome: result.outcome,
      error_code: result.outcome === "failed" ? result.error.code : null,
      error_message: result.outcome === "failed" ? result.error.message : null,
    })
    .execute();
}

export const JOURNAL_PAGE = 1000;

/**
 * A project a browser may read the journal of: its cloud and id. `legacy` also opens the
 * entries written before clouds were recorded (only for clouds configured by the operator,
 * where a project id cannot be claimed by a Keystone of the person's choosing).
 */
export interface JournalScope {
  cloud: string;
  projectId: string;
  legacy: boolean;
}

/** The newest entries of the given projects only, filtered; never another project's. */
export async function listEntries(
  db: JournalDb,
  scopes: JournalScope[],
  q: JournalQuery,
  limit = JOURNAL_PAGE,
): Promise<JournalEntryDto[]> {
  if (scopes.length === 0) return [];
  let query = db
    .selectFrom("journal_entries")
    .selectAll()
    .where((eb) =>
      eb.or(
        scopes.map((s) =>
          eb.and([
            eb("project_id", "=", s.projectId),
            s.legacy
              ? eb.or([eb("cloud", "=", s.cloud), eb("cloud", "is", null)])
              : eb("cloud", "=", s.cloud),
          ]),
        ),
      ),
    );
  if (q.project) query = query.where("project_id", "=", q.project);
  if (q.image) {
    const image = q.image;
    query = query.where((eb) =>
      eb.or([
        eb("image_id", "=", image),
        eb(eb.fn("lower", ["image_name"]), "like", `%${image.toLowerCase()}%`),
      ]),
    );
  }
  if (q.user) {
    const user = q.user;
    query = query.where((eb) =>
      eb.or([eb("user_id", "=", user), eb(eb.fn("lower", ["user_name"]), "=", user.toLowerCase())]),
    );
  }
  if (q.action) query = query.where("action", "=", q.action);
  if (q.from) query = query.where("at", ">=", q.from);
  // A bare date means the whole day.
  if (q.to)
    query = query.where(
      "at",
      "<=",
      /^\d{4}-\d{2}-\d{2}$/.test(q.to) ? `${q.to}T23:59:59.999Z` : q.to,
    );
  const rows = await query.orderBy("at", "desc").orderBy("id", "desc").limit(limit).execute();
  return rows.map((r) => ({
    id: Number(r.id),
    at: r.at,
    user: { id: r.user_id, name: r.user_name },
    project: { id: r.project_id, name: r.project_name },
    region: r.region,
    image: { id: r.image_id, name: r.image_name },
    memberId: r.member_id,
    action: r.action as JournalAction,
    outcome: r.outcome as "ok" | "failed",
    error: r.error_code !== null ? { code: r.error_code, message: r.error_message ?? "" } : null,
  }));
}
