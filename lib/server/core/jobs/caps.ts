import "server-only";

import { sql } from "kysely";

import { AppError } from "@/lib/errors";
import { say } from "@/lib/i18n/sentence";
import { getEnv } from "@/lib/server/env";

import type { Source } from "../context";
import type { JournalDb } from "../database";
import { ACTIVE_STATUSES } from "./leases";

const N = sql<number | string>`count(*)`.as("n");

/** The sum of counts, each from one table. */
async function total(...counts: { executeTakeFirstOrThrow(): Promise<{ n: number | string }> }[]) {
  const rows = await Promise.all(counts.map((q) => q.executeTakeFirstOrThrow()));
  return rows.reduce((sum, row) => sum + Number(row.n), 0);
}

/**
 * Queued and running jobs of every kind (transfers, share runs, rollouts) of one person, or
 * acting in one project (a transfer on either side).
 */
async function activeJobs(
  db: JournalDb,
  cloud: string,
  of: { userId: string } | { projectId: string },
): Promise<number> {
  const [column, id] =
    "userId" in of ? (["user_id", of.userId] as const) : (["project_id", of.projectId] as const);
  return total(
    db
      .selectFrom("transfers")
      .where("status", "in", ACTIVE_STATUSES)
      .where((eb) =>
        "userId" in of
          ? eb.and([eb("source_cloud", "=", cloud), eb("user_id", "=", of.userId)])
          : eb.or([
              eb.and([eb("source_cloud", "=", cloud), eb("source_project_id", "=", of.projectId)]),
              eb.and([eb("target_cloud", "=", cloud), eb("target_project_id", "=", of.projectId)]),
            ]),
      )
      .select(N),
    db
      .selectFrom("jobs")
      .where("status", "in", ACTIVE_STATUSES)
      .where("cloud", "=", cloud)
      .where(column, "=", id)
      .select(N),
  );
}

/**
 * Refuses, with a 429 sentence, a request that would take the person who starts it, or one
 * of the projects it acts in, past the queued and running jobs of every kind they may have
 * at once (GLANCE_SHARE_JOBS_PER_USER, _PER_PROJECT). Counted before the insert, so two
 * requests at the same moment may pass one over: a cap against floods, not an exact quota.
 */
export async function refuseOverCaps(
  db: JournalDb,
  starter: Source,
  sources: Source[],
  adding: number,
): Promise<void> {
  const { perUser, perProject } = getEnv().jobs;
  const { stored } = starter.connection;
  const mine = await activeJobs(db, stored.authUrl, { userId: stored.user.id });
  if (mine + adding > perUser)
    throw new AppError(
      "rate_limited",
      say("jobs.tooManyForUser", { user: stored.user.name, running: mine, max: perUser, adding }),
    );
  const projects = new Map(
    sources.map(({ connection: { stored: s } }) => [`${s.authUrl}|${s.project.id}`, s]),
  );
  for (const s of projects.values()) {
    const n = await activeJobs(db, s.authUrl, { projectId: s.project.id });
    if (n + adding > perProject)
      throw new AppError(
        "rate_limited",
        say("jobs.tooManyForProject", {
          project: s.project.name,
          running: n,
          max: perProject,
          adding,
        }),
      );
  }
}
