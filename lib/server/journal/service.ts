import "server-only";

import type { JournalDto, JournalQuery } from "@/lib/schemas/journal";
import type { ProjectContext } from "@/lib/server/core/context";
import { journalDb, journalScopes } from "@/lib/server/core/journal";

import { JOURNAL_PAGE, listEntries } from "./journal";

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
