"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";

import { CancelButton } from "@/components/common/cancel-button";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Column, DataTable } from "@/components/ui/data-table";
import { LiveProgress } from "@/components/ui/live-progress";
import { useFormat } from "@/lib/i18n/use-format";
import { connectionsQueryOptions } from "@/lib/queries/projects";
import {
  transfersQueryOptions,
  useCancelTransfer,
  useCleanUpTransfer,
} from "@/lib/queries/transfers";
import type { ConnectionDto } from "@/lib/schemas/projects";
import { isTransferActive, type TransferDto } from "@/lib/schemas/transfers";
import { moveKey, moveState } from "@/lib/transfers/move";
import { durationParts, transferProgress } from "@/lib/transfers/progress";

/** "1.5 MiB of 3.0 MiB · 12 MiB/s · about 3 min left". */
function useProgressLabel() {
  const t = useTranslations("transfers");
  const common = useTranslations("common");
  const format = useFormat();
  return (transfer: TransferDto): string => {
    const { rate, etaSeconds } = transferProgress(transfer);
    return [
      t("progress.of", { bytes: format.bytes(transfer.bytes), size: format.bytes(transfer.size) }),
      rate !== null ? t("progress.rate", { rate: format.bytes(rate) }) : null,
      etaSeconds !== null
        ? t("progress.left", { duration: common("duration", durationParts(etaSeconds)) })
        : null,
    ]
      .filter(Boolean)
      .join(" · ");
  };
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
  const tr = useTranslations("transfers");
  const format = useFormat();
  const progressLabel = useProgressLabel();
  const { data, error, isPending } = useQuery(transfersQueryOptions());
  const { data: connections } = useQuery(connectionsQueryOptions());
  const cancel = useCancelTransfer();
  const cleanUp = useCleanUpTransfer();
  const transfers = (data?.transfers ?? []).filter((t) => !filter || filter(t));
  if (error) return <Alert tone="error">{tr("unreadable", { message: error.message })}</Alert>;
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
        empty={transfers.length === 0 ? tr("none") : null}
        columns={
          <>
            <Column>{tr("columns.image")}</Column>
            <Column>{tr("columns.fromTo")}</Column>
            <Column className="w-1/3 py-2 pr-4">{tr("columns.progress")}</Column>
            <Column>{tr("columns.result")}</Column>
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
                  <span className="block text-xs text-slate-600">
                    {tr("as", { name: t.target.name })}
                  </span>
                )}
                <span className="block text-xs text-slate-500">
                  {tr("kind", {
                    move: String(t.move),
                    date: format.date(t.createdAt),
                    user: t.user.name,
                  })}
                </span>
              </td>
              <td className="py-2 pr-4">
                {`${t.source.projectName} (${t.source.region}) → ${t.target.projectName} (${t.target.region})`}
                <span className="block text-xs text-slate-600">{tr(`path.${t.path}`)}</span>
                {t.pathNote && <span className="block text-xs text-slate-500">{t.pathNote}</span>}
              </td>
              <td className="py-2 pr-4">
                {isTransferActive(t.status) ? (
                  <div className="space-y-1">
                    {t.path === "glance-download" ? (
                      // Glance reports no progress of its own imports: only that it runs.
                      <p>
                        {t.status === "queued"
                          ? tr("status.queued")
                          : tr("glanceCopying", {
                              region: t.target.region,
                              size: format.bytes(t.size),
                            })}
                      </p>
                    ) : (
                      <LiveProgress
                        id={`transfer-${t.id}`}
                        label={`${tr(`status.${t.status}`)}: ${progressLabel(t)}`}
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
                  {tr(`status.${t.status}`)}
                </p>
                {t.sha512 && (
                  <p className="text-xs">
                    {"SHA-512 "}
                    <code className="break-all font-mono">{t.sha512}</code>
                  </p>
                )}
                {copyHref && (
                  <Link href={copyHref} className="text-xs text-brand-700 underline">
                    {tr("openCopy")}
                  </Link>
                )}
                {t.resultNote && <p className="text-xs">{t.resultNote}</p>}
                {t.error && (
                  <p className="text-xs text-red-800 [overflow-wrap:anywhere]">{t.error}</p>
                )}
                {t.move && <p className="text-xs">{tr(`moveState.${moveOf(moveKey(t))}`)}</p>}
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
  const tr = useTranslations("transfers");
  if (t.cleanup === "done") return <p className="text-xs">{tr("cleanup.done")}</p>;
  if (t.cleanup === "none") return null;
  if (t.cleanup === "needed")
    return (
      <p className="text-xs">
        {tr("cleanup.needed", {
          image: t.target.imageId ?? "",
          project: t.target.projectName,
          region: t.target.region,
          user: t.user.name,
        })}
      </p>
    );
  return (
    <div className="mt-1 space-y-1 text-xs [overflow-wrap:anywhere]">
      <p>{t.cleanupError}</p>
      <Button tone="secondary" className="px-2 py-1 text-xs" busy={busy} onClick={onCleanUp}>
        {tr("cleanup.action")}
      </Button>
    </div>
  );
}
