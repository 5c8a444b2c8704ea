import "server-only";

import { AppError } from "@/lib/errors";
import type { JournalDto, JournalQuery } from "@/lib/schemas/journal";
import { CUSTOM_CLOUD } from "@/lib/schemas/projects";
import { getEnv } from "@/lib/server/env";
import { logFailure } from "@/lib/server/log";
import type { OpenConnection, ProjectContext } from "@/lib/server/projects/context";

import { openJournalDb, type JournalDb } from "./database";
import {
  appendEntry,
  JOURNAL_PAGE,
  listEntries,
  type JournalEvent,
  type JournalOutcome,
  type JournalScope,
} from "./journal";

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
        await write(failed, { outcome: "failed", error: { code: err.code, message: err.message } });
    } catch (journalErr) {
      const reference = logFailure("journal write failed", journalErr);
      throw new AppError(
        err.code,
        `${err.message} (This failure could not be written to the journal either; reference ${reference}.)`,
      );
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
      journalError: `Done, but not written to the journal (reference ${logFailure("journal write failed", journalErr)}).`,
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

/** The journal as this browser may see it: entries of its live connected projects only. */
export async function readJournal(
  projects: ProjectContext,
  query: JournalQuery,
): Promise<JournalDto> {
  return {
    entries: await listEntries(
      await journalDb(),
      journalScopes(await projects.connections()),
      query,
    ),
    limit: JOURNAL_PAGE,
  };
}
