import "server-only";

import { AppError } from "@/lib/errors";
import { say, type Sentence } from "@/lib/i18n/sentence";
import { keep } from "@/lib/i18n/write";
import { OpenStackError } from "@/lib/openstack/errors";
import { deleteImage } from "@/lib/openstack/glance";
import { withGlance, type Source } from "@/lib/server/core/context";
import type { JournalDb } from "@/lib/server/core/database";
import { journaled } from "@/lib/server/core/journal";
import { logFailure } from "@/lib/server/log";

import { updateTransfer } from "./store";

/**
 * The sentence of a failure, fit for the page: our own errors as they are; anything else
 * (a database's or a socket's own words) by reference only, its detail in the server's log.
 */
export function failureSentence(err: unknown): Sentence {
  if (err instanceof AppError) return err.sentence;
  return say("transfers.unexpected", { reference: logFailure("transfer failed", err) });
}

/** Who acts, as a journal entry names them. */
export const actorOf = (s: Source) => {
  const { stored } = s.connection;
  return {
    cloud: stored.authUrl,
    user: { id: stored.user.id, name: stored.user.name },
    project: { id: stored.project.id, name: stored.project.name },
  };
};

/** Deletes a copy that did not finish (journaled); one already gone is what was wanted. */
export async function deleteCopy(target: Source, copyId: string, name: string): Promise<void> {
  await journaled(
    {
      ...actorOf(target),
      region: target.region,
      image: { id: copyId, name },
      memberId: null,
      action: "copy_removed",
    },
    async () => {
      try {
        await withGlance(target, (glance) => deleteImage(glance, copyId), { write: true });
      } catch (err) {
        if (!(err instanceof OpenStackError && err.code === "not_found")) throw err;
      }
    },
  );
}

/** Deletes a copy that did not finish, and records on the transfer whether that worked. */
export async function removeCopy(
  db: JournalDb,
  id: string,
  target: Source,
  copyId: string,
  name: string,
): Promise<void> {
  try {
    await deleteCopy(target, copyId, name);
    await updateTransfer(db, id, { cleanup: "done", cleanup_error: null });
  } catch (err) {
    await updateTransfer(db, id, {
      cleanup: "failed",
      cleanup_error: keep(
        say("transfers.cleanupFailed", { id: copyId, reason: failureSentence(err) }),
      ),
    }).catch((e: unknown) => logFailure("transfer cleanup not recorded", e));
  }
}
