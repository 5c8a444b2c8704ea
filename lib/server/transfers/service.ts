import "server-only";

import { AppError } from "@/lib/errors";
import { say } from "@/lib/i18n/sentence";
import { mayCancel } from "@/lib/jobs/permissions";
import { isTransferActive, type TransferDto, type TransfersDto } from "@/lib/schemas/transfers";
import { actorsIn, type ProjectContext } from "@/lib/server/core/context";
import type { JournalDb } from "@/lib/server/core/database";
import { requestCancel } from "@/lib/server/core/jobs/leases";
import { journalDb, journalScopes } from "@/lib/server/core/journal";

import { removeCopy } from "./common";
import { cancelHere } from "./run";
import { listTransfers, TRANSFER_PAGE, type TransferRecord } from "./store";

export { readTargetUsage, startTransfers } from "./start";

/**
 * The transfers from or into this browser's live projects. Reading changes nothing: the
 * janitor marks dead ones and cleans up after them, as the person who started them.
 */
export async function readTransfers(projects: ProjectContext): Promise<TransfersDto> {
  const transfers = await listTransfers(
    await journalDb(),
    journalScopes(await projects.connections()),
  );
  return { transfers: transfers.map((t) => t.dto), limit: TRANSFER_PAGE };
}

async function visibleTransfer(projects: ProjectContext, id: string): Promise<TransferRecord> {
  const [found] = await listTransfers(
    await journalDb(),
    journalScopes(await projects.connections()),
    { id },
  );
  if (!found) throw new AppError("not_found", say("transfers.notFound"));
  return found;
}

/**
 * Stops a transfer, on whichever server runs it; its unfinished copy is deleted. Only the
 * person who started it, or a member (not a reader) of its source project, may: a reader of
 * either project sees it, and no more.
 */
export async function cancelTransfer(projects: ProjectContext, id: string): Promise<TransferDto> {
  const record = await visibleTransfer(projects, id);
  const { dto } = record;
  if (!isTransferActive(dto.status))
    throw new AppError("conflict", say("transfers.ended", { status: dto.status }));
  const actors = await actorsIn(projects, record.sourceCloud);
  if (!mayCancel({ userId: dto.user.id, projectId: dto.source.projectId }, actors))
    throw new AppError(
      "forbidden",
      say("transfers.cancelForbidden", { user: dto.user.name, project: dto.source.projectName }),
    );
  await requestCancel(await journalDb(), id, "transfers");
  cancelHere(id);
  return (await visibleTransfer(projects, id)).dto;
}

type OpenConnections = Awaited<ReturnType<ProjectContext["connections"]>>;

/** A live member connection of the transfer's target project, in its cloud, with its region. */
function writableConnectionFor(connections: OpenConnections, { dto, targetCloud }: TransferRecord) {
  return (
    connections.find(
      (c) =>
        !c.expired &&
        !c.readOnly &&
        c.stored.authUrl === targetCloud &&
        c.stored.project.id === dto.target.projectId &&
        c.endpoints.some((e) => e.region === dto.target.region),
    ) ?? null
  );
}

async function cleanUp(
  projects: ProjectContext,
  db: JournalDb,
  record: TransferRecord,
): Promise<void> {
  const t = record.dto;
  const connection = writableConnectionFor(await projects.connections(), record);
  if (!connection || !t.target.imageId) {
    throw new AppError(
      "not_connected",
      say("transfers.connectToClean", {
        project: t.target.projectName,
        imageId: t.target.imageId ?? "",
      }),
    );
  }
  await removeCopy(
    db,
    t.id,
    await projects.source({ connection: connection.stored.id, region: t.target.region }),
    t.target.imageId,
    t.target.name,
  );
}

/** Deletes the unfinished copy an interrupted or failed transfer left (one click on the page). */
export async function cleanUpTransfer(projects: ProjectContext, id: string): Promise<TransferDto> {
  const transfer = await visibleTransfer(projects, id);
  if (transfer.dto.cleanup !== "needed" && transfer.dto.cleanup !== "failed")
    throw new AppError("conflict", say("transfers.nothingToClean"));
  await cleanUp(projects, await journalDb(), transfer);
  return (await visibleTransfer(projects, id)).dto;
}
