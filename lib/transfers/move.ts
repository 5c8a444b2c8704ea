// Where a move's source stands, from its copies in one request (a batch may move several
// images; each is deleted after its own copies): pure, so the page, the polling and the
// tests read it the same way.
import { say, type Sentence } from "@/lib/i18n/sentence";
import { isTransferActive, type TransferDto } from "@/lib/schemas/transfers";

import { keyRefusal } from "./copy";

/**
 * copying: a copy still runs; deleting: every copy is verified and the source is being
 * deleted; deleted; kept: a copy was not verified, so the source stays; not_deleted:
 * every copy is verified but the deletion failed (the error says why) or never came.
 */
export type MoveState = "copying" | "deleting" | "deleted" | "kept" | "not_deleted";

/** A server that verified every copy deletes the source within moments; after this long it is not coming. */
export const MOVE_DELETE_WITHIN_MS = 60_000;

/** The copies of one source moved by one request share this key. */
export const moveKey = (t: Pick<TransferDto, "batch" | "source">) =>
  `${t.batch}|${t.source.imageId}`;

export function moveState(
  batch: Pick<TransferDto, "status" | "sourceDeleted" | "error" | "finishedAt">[],
  now = Date.now(),
): MoveState {
  if (batch.some((t) => t.sourceDeleted)) return "deleted";
  if (batch.some((t) => isTransferActive(t.status))) return "copying";
  if (batch.some((t) => t.status !== "verified")) return "kept";
  if (batch.some((t) => t.error)) return "not_deleted";
  const lastFinished = Math.max(...batch.map((t) => Date.parse(t.finishedAt ?? "") || 0));
  return now - lastFinished > MOVE_DELETE_WITHIN_MS ? "not_deleted" : "deleting";
}

/**
 * Whether anything of these transfers still changes: a copy runs, an unfinished copy waits
 * for the server to delete it, or a move's source is being deleted.
 */
export function transfersSettled(transfers: TransferDto[], now = Date.now()): boolean {
  if (transfers.some((t) => isTransferActive(t.status) || t.cleanup === "needed")) return false;
  const moves = new Map<string, TransferDto[]>();
  for (const t of transfers)
    if (t.move) moves.set(moveKey(t), [...(moves.get(moveKey(t)) ?? []), t]);
  return [...moves.values()].every((batch) => moveState(batch, now) !== "deleting");
}

/** What deciding whether an image may be moved needs to know of it. */
export interface MoveCandidate {
  id: string;
  /** The project it was chosen from owns it. */
  owned: boolean;
  protected: boolean;
  properties: Record<string, string>;
  /** That project is connected as a member, with a live session. */
  writable: boolean;
}

/**
 * Why an image cannot be moved from where it was chosen (a clause: the caller names the
 * image); null if it can. One rule for the copy form and the server, which both apply it.
 */
export function moveRefusal(image: MoveCandidate): Sentence | null {
  if (!image.owned) return say("plan.notOwner");
  if (image.protected) return say("plan.protected", { id: image.id });
  const key = keyRefusal(image.properties);
  if (key) return key;
  if (!image.writable) return say("plan.readOnly");
  return null;
}
