"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";

import { CancelButton } from "@/components/common/cancel-button";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Column, DataTable } from "@/components/ui/data-table";
import { LiveProgress } from "@/components/ui/live-progress";
import { formatBytes, formatDate } from "@/lib/format";
import { connectionsQueryOptions } from "@/lib/queries/projects";
import {
  transfersQueryOptions,
  useCancelTransfer,
  useCleanUpTransfer,
} from "@/lib/queries/transfers";
import type { ConnectionDto } from "@/lib/schemas/projects";
import { isTransferActive, type TransferDto } from "@/lib/schemas/transfers";
import { moveKey, moveState, type MoveState } from "@/lib/transfers/move";
import { formatDuration, transferProgress } from "@/lib/transfers/progress";

const statusLabels: Record<TransferDto["status"], string> = {
  queued: "Waiting its turn",
  running: "Copying",
  verified: "Verified",
  failed: "Failed",
  cancelled: "Cancelled",
  interrupted: "Interrupted",
};

const moveLabels: Record<MoveState, string> = {
  copying: "The source is deleted once every copy is verified.",
  deleting: "Every copy is verified: deleting the source…",
  deleted: "The source was deleted after every copy was verified.",
  kept: "The source is kept: not every copy was verified.",
  not_deleted:
    "Every copy is verified, but the source was not deleted: delete it yourself once you have checked the copies.",
};

const pathLabels: Record<TransferDto["path"], string> = {
  relay: "streamed through this server",
  "glance-download": "Glance to Glance (glance-download)",
};

/** "1.5 MiB of 3.0 MiB · 12 MiB/s · about 3 min left". */
function progressLabel(t: TransferDto): string {
  const { rate, etaSeconds } = transferProgress(t);
  return [
    `${formatBytes(t.bytes)} of ${formatBytes(t.size)}`,
    rate !== null ? `${formatBytes(rate)}/s` : null,
    etaSeconds !== null ? `${formatDuration(etaSeconds)} left` : null,
  ]
    .filter(Boolean)
    .join(" · ");
}

/** The page of an image as a connected project sees it, when one is connected. */
function imageHref(
  connections: ConnectionDto[],
  projectId: string,
  region: string,
  imageId: string,
): string | null {
  const connection = connections.find(
    (c) => c.project.id === projectId && c.regions.includes(region),
  );
  return connection
    ? `/images/${encodeURIComponent(imageId)}?${new URLSearchParams({ connection: connection.id, region })}`
    : null;
}

/** The transfers this browser may see (optionally only some), with progress while they run, cancel and cleanup. */
export function TransferList({
  caption,
  filter,
  compact = false,
}: {
  caption: string;
  filter?: (t: TransferDto) => boolean;
  compact?: boolean;
}) {
  const { data, error, isPending } = useQuery(transfersQueryOptions());
  const { data: connections } = useQuery(connectionsQueryOptions());
  const cancel = useCancelTransfer();
  const cleanUp = useCleanUpTransfer();
  const transfers = (data?.transfers ?? []).filter((t) => !filter || filter(t));
  if (error) return <Alert tone="error">The transfers could not be read: {error.message}</Alert>;
  if (compact && !isPending && transfers.length === 0) return null;
  const moveOf = (key: string) =>
    moveState((data?.transfers ?? []).filter((t) => moveKey(t) === key));
  return (
    <div className="space-y-2">
      {(cancel.error ?? cleanUp.error) && (
        <Alert tone="error">{(cancel.error ?? cleanUp.error)!.message}</Alert>
      )}
      <DataTable
        caption={caption}
        loading={isPending}
        columnCount={4}
        empty={
          transfers.length === 0
            ? "No transfers yet. Open an image and choose “Copy to…”, or tick images in the image list and choose “Copy selected to…”, to copy or move them into another project or region."
            : null
        }
        columns={
          <>
            <Column>Image</Column>
            <Column>From → to</Column>
            <Column className="w-1/3 py-2 pr-4">Progress</Column>
            <Column>Result</Column>
          </>
        }
      >
        {transfers.map((t) => {
          const copyHref =
            t.target.imageId && t.status === "verified"
              ? imageHref(
                  connections?.connections ?? [],
                  t.target.projectId,
                  t.target.region,
                  t.target.imageId,
                )
              : null;
          return (
            <tr key={t.id} className="align-top">
              <td className="py-2 pr-4">
                <span className="font-medium">{t.source.imageName ?? t.source.imageId}</span>
                {t.target.name !== (t.source.imageName ?? t.source.imageId) && (
                  <span className="block text-xs text-slate-600">as {t.target.name}</span>
                )}
                <span className="block text-xs text-slate-500">
                  {t.move ? "move" : "copy"} · {formatDate(t.createdAt)} · {t.user.name}
                </span>
              </td>
              <td className="py-2 pr-4">
                {t.source.projectName} ({t.source.region}) → {t.target.projectName} (
                {t.target.region})
                <span className="block text-xs text-slate-600">{pathLabels[t.path]}</span>
                {t.pathNote && <span className="block text-xs text-slate-500">{t.pathNote}</span>}
              </td>
              <td className="py-2 pr-4">
                {isTransferActive(t.status) ? (
                  <div className="space-y-1">
                    {t.path === "glance-download" ? (
                      // Glance reports no progress of its own imports: only that it runs.
                      <p>
                        {t.status === "queued"
                          ? statusLabels.queued
                          : `Glance in ${t.target.region} is copying ${formatBytes(t.size)} itself`}
                      </p>
                    ) : (
                      <LiveProgress
                        id={`transfer-${t.id}`}
                        label={`${statusLabels[t.status]}: ${progressLabel(t)}`}
                        value={t.bytes}
                        max={t.size ?? 1}
                        done={false}
                      />
                    )}
                    <CancelButton
                      id={t.id}
                      owner={{ userId: t.user.id, projectId: t.source.projectId }}
                      cancel={cancel}
                    />
                  </div>
                ) : (
                  <span>{progressLabel(t)}</span>
                )}
                {t.recoveryNote && (
                  <p className="mt-1 text-xs text-slate-600 [overflow-wrap:anywhere]">
                    {t.recoveryNote}
                  </p>
                )}
              </td>
              <td className="py-2 pr-4">
                <p
                  className={
                    t.status === "verified"
                      ? "font-medium text-emerald-800"
                      : t.status === "queued" || t.status === "running"
                        ? ""
                        : "font-medium text-red-800"
                  }
                >
                  {statusLabels[t.status]}
                </p>
                {t.sha512 && (
                  <p className="text-xs">
                    SHA-512 <code className="break-all font-mono">{t.sha512}</code>
                  </p>
                )}
                {copyHref && (
                  <Link href={copyHref} className="text-xs text-brand-700 underline">
                    Open the copy
                  </Link>
                )}
                {t.resultNote && <p className="text-xs">{t.resultNote}</p>}
                {t.error && (
                  <p className="text-xs text-red-800 [overflow-wrap:anywhere]">{t.error}</p>
                )}
                {t.move && <p className="text-xs">{moveLabels[moveOf(moveKey(t))]}</p>}
                <Cleanup
                  transfer={t}
                  busy={cleanUp.isPending && cleanUp.variables === t.id}
                  onCleanUp={() => cleanUp.mutate(t.id)}
                />
              </td>
            </tr>
          );
        })}
      </DataTable>
    </div>
  );
}

function Cleanup({
  transfer: t,
  busy,
  onCleanUp,
}: {
  transfer: TransferDto;
  busy: boolean;
  onCleanUp: () => void;
}) {
  if (t.cleanup === "done") return <p className="text-xs">The unfinished copy was deleted.</p>;
  if (t.cleanup === "none") return null;
  if (t.cleanup === "needed")
    return (
      <p className="text-xs">
        An unfinished copy ({t.target.imageId}) is left in {t.target.projectName} ({t.target.region}
        ): the server deletes it in a moment, as {t.user.name}.
      </p>
    );
  return (
    <div className="mt-1 space-y-1 text-xs [overflow-wrap:anywhere]">
      <p>{t.cleanupError}</p>
      <Button tone="secondary" className="px-2 py-1 text-xs" busy={busy} onClick={onCleanUp}>
        Delete the unfinished copy
      </Button>
    </div>
  );
}
