import "server-only";

import { AppError } from "@/lib/errors";
import { OpenStackError } from "@/lib/openstack/errors";
import { deleteImage } from "@/lib/openstack/glance";
import { withGlance, type Source } from "@/lib/server/core/context";
import type { JournalDb } from "@/lib/server/core/database";
import { journaled } from "@/lib/server/core/journal";
import { logFailure } from "@/lib/server/log";

import { updateTransfer } from "./store";

/**
 * A sentence fit for the page: our own errors as they are; anything else (a database's or
 * a socket's own words) by reference only, its detail in the server's log.
 */
export function failureMessage(err: unknown): string {
  if (err instanceof AppError) return err.message;
  return `The copy stopped on an unexpected error (reference ${logFailure("transfer failed", err)}).`;
}

/** A sentence as a clause inside another: its full stop dropped. */
export const withoutStop = (sentence: string) => sentence.replace(/\.$/, "");

export const times = (n: number) => (n === 1 ? "once" : n === 2 ? "twice" : `${n} times`);

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
      cleanup_error: `The unfinished copy ${copyId} could not be deleted: ${failureMessage(err)} Delete it with: openstack image delete ${copyId}`,
    }).catch((e: unknown) => logFailure("transfer cleanup not recorded", e));
  }
}
