import "server-only";

import type { Selectable } from "kysely";

import { say, type Sentence } from "@/lib/i18n/sentence";
import { keep } from "@/lib/i18n/write";
import { OpenStackError } from "@/lib/openstack/errors";
import { getImage } from "@/lib/openstack/glance";
import { ProjectContext, withGlance, type Source } from "@/lib/server/core/context";
import type { JournalDb } from "@/lib/server/core/database";
import type { JournalTables } from "@/lib/server/core/tables";
import { getEnv } from "@/lib/server/env";
import { logFailure } from "@/lib/server/log";
import { keptSession } from "@/lib/server/session";

import { failureSentence, removeCopy } from "./common";
import { keptSessions } from "./kept";
import { removeTemporaryMembership } from "./membership";
import {
  applyRetention,
  dropCredentials,
  expiredTransfers,
  leftovers,
  markSourceDeleted,
  membershipInUse,
  recordMembership,
  releaseSourceDeletion,
  takeOver,
  updateTransfer,
} from "./store";

type Row = Selectable<JournalTables["transfers"]>;

/**
 * The janitor's round for transfers: takes the ones whose runner died, then undoes what
 * they left (an unfinished copy, a temporary membership, a source deletion claimed but not
 * recorded) as the person who started them, forgets sessions no longer needed, and deletes
 * what is past its retention.
 */
export async function sweepTransfers(db: JournalDb): Promise<void> {
  for (const row of await expiredTransfers(db)) await takeOver(db, row);
  for (const row of await leftovers(db)) {
    await tidy(db, row).catch((err: unknown) => logFailure("janitor: transfer not tidied", err));
  }
  await dropCredentials(db);
  const { retentionDays, journalRetentionDays } = getEnv().jobs;
  await applyRetention(db, { jobs: retentionDays, journal: journalRetentionDays });
}

async function tidy(db: JournalDb, row: Row): Promise<void> {
  const kept = keptSessions(row.credentials!);
  const projects = new ProjectContext(keptSession(kept.cookies));
  const at = (connection: string, region: string) => projects.source({ connection, region });

  if (row.cleanup === "needed" && row.target_image_id) {
    const target = await at(kept.target, row.target_region).catch(() => null);
    if (target) await removeCopy(db, row.id, target, row.target_image_id, row.target_name);
    else
      await updateTransfer(db, row.id, {
        cleanup: "failed",
        cleanup_error: keep(
          say("transfers.sessionEndedCopy", { user: row.user_name, id: row.target_image_id }),
        ),
      });
  }

  if (row.temporary_member === "added" && !(await membershipInUse(db, row))) {
    const source = await at(kept.source, row.source_region).catch(() => null);
    const image = { id: row.source_image_id, name: row.source_image_name };
    const left = (reason: Sentence) =>
      keep(
        say("transfers.memberStill", {
          project: row.target_project_name,
          image: row.source_image_name ?? row.source_image_id,
          reason,
          imageId: row.source_image_id,
          projectId: row.target_project_id,
        }),
      );
    try {
      if (!source) throw new Error("no session");
      await removeTemporaryMembership(db, source, image, row);
    } catch (err) {
      await recordMembership(db, row, "removed");
      await updateTransfer(db, row.id, {
        error: left(source ? failureSentence(err) : say("transfers.sessionEnded")),
      });
    }
  }

  if (row.source_deleted === 2) {
    const source = await at(kept.source, row.source_region).catch(() => null);
    if (source) await settleSourceDeletion(db, row, source);
  }
}

/** A move's runner died between claiming the source's deletion and recording it: Glance says which happened. */
async function settleSourceDeletion(db: JournalDb, row: Row, source: Source): Promise<void> {
  try {
    await withGlance(source, (glance) => getImage(glance, row.source_image_id));
  } catch (err) {
    if (err instanceof OpenStackError && err.code === "not_found") {
      await markSourceDeleted(db, row.batch, row.source_image_id);
      return;
    }
    throw err;
  }
  await releaseSourceDeletion(
    db,
    row.batch,
    row.source_image_id,
    keep(say("transfers.moveDeleteCutShort")),
  );
}
