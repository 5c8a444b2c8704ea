import "server-only";

import type { JournalAction, JournalEntryDto, JournalQuery } from "@/lib/schemas/journal";
import type { JournalDb } from "@/lib/server/core/database";
import type { JournalScope } from "@/lib/server/core/journal";

export const JOURNAL_PAGE = 1000;

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
