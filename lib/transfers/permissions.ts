// Who may act on a transfer: pure, so the server enforces it and the page offers only what
// the server allows.
import type { TransferDto } from "@/lib/schemas/transfers";

/** A connected project as far as acting on a transfer is concerned (of the transfer's own cloud). */
export interface Actor {
  userId: string;
  projectId: string;
  /** Reader-only, or its session expired. */
  readOnly: boolean;
}

/**
 * Cancelling is for the person who started the transfer, or a member (not a reader) of its
 * source project; a reader of either project sees it, and no more.
 */
export const mayCancel = (transfer: Pick<TransferDto, "user" | "source">, actors: Actor[]) =>
  actors.some(
    (a) =>
      !a.readOnly && (a.userId === transfer.user.id || a.projectId === transfer.source.projectId),
  );
