import "server-only";

import { AppError } from "@/lib/errors";
import { say } from "@/lib/i18n/sentence";
import { keep } from "@/lib/i18n/write";
import type { JournalAction } from "@/lib/schemas/journal";
import { CUSTOM_CLOUD } from "@/lib/schemas/projects";
import { getEnv } from "@/lib/server/env";
import { logFailure } from "@/lib/server/log";

import type { OpenConnection } from "./context";
import { openJournalDb, type JournalDb } from "./database";

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

let opening: Promise<JournalDb> | null = null;

/** The journal's database, opened and migrated on first use; a failed open is retried next time. */
export function journalDb(): Promise<JournalDb> {
  opening ??= openJournalDb(getEnv().journal).catch((err: unknown) => {
    opening = null;
    throw err;
  });
  return opening;
}

const writeToJournal = async (event: JournalEvent, outcome: JournalOutcome) =>
  appendEntry(await journalDb(), event, outcome);

/** A change's own result, and whether its journal entry could not be written. */
export interface Journaled<T> {
  value: T;
  journalError: string | null;
}

/**
 * Runs a change and records its outcome. A journal that cannot be written never hides
 * the change's result, nor is it hidden: success comes back with `journalError`, a
 * failure keeps its code and says in its message that it was not journaled either.
 */
export async function journaled<T>(
  event: JournalEvent | ((value: T | null) => JournalEvent | null),
  change: () => Promise<T>,
  write: (event: JournalEvent, outcome: JournalOutcome) => Promise<void> = writeToJournal,
): Promise<Journaled<T>> {
  const eventOf = (value: T | null) => (typeof event === "function" ? event(value) : event);
  let value: T;
  try {
    value = await change();
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    try {
      const failed = eventOf(null);
      if (failed)
        await write(failed, {
          outcome: "failed",
          error: { code: err.code, message: keep(err.sentence) },
        });
    } catch (journalErr) {
      const reference = logFailure("journal write failed", journalErr);
      throw new AppError(err.code, say("journal.unwritten", { reason: err.sentence, reference }));
    }
    throw err;
  }
  try {
    // No event: the change turned out to change nothing, and nothing is recorded.
    const done = eventOf(value);
    if (done) await write(done, { outcome: "ok" });
    return { value, journalError: null };
  } catch (journalErr) {
    return {
      value,
      journalError: keep(
        say("journal.notWritten", { reference: logFailure("journal write failed", journalErr) }),
      ),
    };
  }
}

/** Whose entries a browser may read: its live connections' projects, each in its own cloud. */
export function journalScopes(connections: OpenConnection[]): JournalScope[] {
  return connections
    .filter((c) => !c.expired)
    .map(({ stored }) => ({
      cloud: stored.authUrl,
      projectId: stored.project.id,
      legacy: stored.cloud !== CUSTOM_CLOUD,
    }));
}
