"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";

import { HiddenBadge, MemberStatusBadge } from "@/components/common/badges";
import { imageHref } from "@/components/common/image-link";
import { SourceFailures } from "@/components/common/source-failures";
import { useReport } from "@/components/common/use-report";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ActionsColumn, Column, DataTable } from "@/components/ui/data-table";
import { Tabs } from "@/components/ui/tabs";
import { useFormat } from "@/lib/i18n/use-format";
import { invitationsQueryOptions, useSetInvitationStatus } from "@/lib/queries/invitations";
import { connectionsQueryOptions } from "@/lib/queries/projects";
import type { MemberStatusValue } from "@/lib/schemas/images";
import type { InvitationDto, ReplacedImageDto } from "@/lib/schemas/invitations";
import { toggled } from "@/lib/sets";

const tabs: MemberStatusValue[] = ["pending", "accepted", "rejected"];

// Where an invitation can be moved from each state (Glance allows every direction).
const moves: Record<MemberStatusValue, ("accepted" | "rejected")[]> = {
  pending: ["accepted", "rejected"],
  accepted: ["rejected"],
  rejected: ["accepted"],
};

const keyOf = (i: InvitationDto) =>
  `${i.image.source.connectionId}|${i.image.source.region}|${i.image.id}`;
const refOf = (i: InvitationDto) => ({
  connection: i.image.source.connectionId,
  region: i.image.source.region,
  imageId: i.image.id,
});

export interface InvitationTarget {
  image?: string;
  region?: string;
  project?: string;
}

/** The consumer side: invitations of every connected project, accepted or rejected by click. */
export function Invitations({ target }: { target: InvitationTarget }) {
  const t = useTranslations("invitations");
  const table = useTranslations("images.table");
  const common = useTranslations("common");
  const format = useFormat();
  const [status, setStatus] = useState<MemberStatusValue>("pending");
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const panelId = useId();
  const report = useReport();
  const change = useSetInvitationStatus();
  const { data, error, isPending } = useQuery(invitationsQueryOptions(status));
  const { data: connectionsData } = useQuery(connectionsQueryOptions());
  const connections = connectionsData?.connections ?? [];
  const writable = (i: InvitationDto) =>
    connections.some((c) => c.id === i.image.source.connectionId && c.canWrite);
  const invitations = data?.invitations ?? [];
  const highlighted = useRef<HTMLTableRowElement>(null);
  const isTarget = (i: InvitationDto) =>
    i.image.id === target.image &&
    i.image.source.projectId === target.project &&
    (!target.region || i.image.source.region === target.region);
  const targetFound = invitations.some(isTarget);

  useEffect(() => {
    highlighted.current?.scrollIntoView({ block: "center" });
  }, [targetFound]);

  const move = (items: InvitationDto[], to: "accepted" | "rejected") =>
    change.mutate(
      { status: to, items: items.map(refOf) },
      {
        onSuccess: ({ results }) => {
          report.batch(results, (ok) => {
            const what =
              items.length === 1
                ? (items[0]!.image.name ?? items[0]!.image.id)
                : t("images", { count: ok });
            return t(`done.${to}`, { what });
          });
          setSelected(new Set());
        },
        onError: report.failed,
      },
    );

  // A new version accepted and the version it replaces rejected, in one click: the second
  // only once the first succeeded, so the project is never left with neither.
  const acceptReplacing = async (i: InvitationDto, old: ReplacedImageDto) => {
    try {
      const accepted = await change.mutateAsync({ status: "accepted", items: [refOf(i)] });
      report.batch(accepted.results, () =>
        t("done.accepted", { what: i.image.name ?? i.image.id }),
      );
      if (!accepted.results.every((r) => r.ok)) return;
      const rejected = await change.mutateAsync({
        status: "rejected",
        items: [{ ...refOf(i), imageId: old.imageId }],
      });
      report.batch(rejected.results, () =>
        t("rejectedOld", { image: old.imageName ?? old.imageId }),
      );
    } catch (err) {
      report.failed(err);
    }
  };

  const chosen = invitations.filter((i) => selected.has(keyOf(i)));
  const targetConnected = connections.some((c) => c.project.id === target.project);

  return (
    <div className="space-y-4">
      {target.project && connectionsData && !targetConnected && (
        <Alert tone="warning" title={t("notConnected.title")}>
          {t.rich("notConnected.text", {
            mono: (chunks) => <span className="font-mono">{chunks}</span>,
            project: target.project,
          })}{" "}
          <Link
            href={`/projects/connect?${new URLSearchParams({ project: target.project })}`}
            className="underline"
          >
            {t("notConnected.action")}
          </Link>
        </Alert>
      )}
      {target.image && targetConnected && data && status === "pending" && !targetFound && (
        <Alert tone="info">{t("notPending")}</Alert>
      )}
      <Tabs
        label={t("tabs.label")}
        tabs={tabs.map((s) => ({ value: s, label: t(`tabs.${s}`) }))}
        selected={status}
        onSelect={(s) => {
          setStatus(s);
          setSelected(new Set());
        }}
        panelId={panelId}
      />
      <div
        id={panelId}
        role="tabpanel"
        aria-labelledby={`${panelId}-tab-${status}`}
        className="space-y-3"
      >
        {data && <SourceFailures failures={data.failures} />}
        {error && <Alert tone="error">{error.message}</Alert>}
        <div className="flex min-h-10 flex-wrap items-center gap-2">
          {moves[status].map((to) => (
            <Button
              key={to}
              tone={to === "rejected" ? "danger" : "primary"}
              disabled={chosen.length === 0}
              busy={change.isPending}
              onClick={() => move(chosen, to)}
            >
              {t(`moveSelected.${to}`, { count: chosen.length })}
            </Button>
          ))}
        </div>
        <DataTable
          caption={t(`caption.${status}`)}
          columns={
            <>
              <Column className="w-8 py-2">
                <span className="sr-only">{table("select")}</span>
              </Column>
              <Column>{t("image")}</Column>
              <Column>{t("owner")}</Column>
              <Column>{t("sharedWith")}</Column>
              <Column className="py-2 pr-4 text-right">{table("size")}</Column>
              <Column>{t("since")}</Column>
              <ActionsColumn />
            </>
          }
          loading={isPending}
          empty={invitations.length === 0 && t(`empty.${status}`)}
          columnCount={7}
        >
          {invitations.map((i) => {
            const name = i.image.name ?? i.image.id;
            const hit = isTarget(i);
            const canAct = writable(i);
            return (
              <tr
                key={keyOf(i)}
                ref={hit ? highlighted : undefined}
                className={`h-12 ${hit ? "bg-brand-50" : ""}`}
                aria-current={hit ? "true" : undefined}
              >
                <td className="py-2">
                  {canAct && (
                    <input
                      type="checkbox"
                      className="size-4"
                      aria-label={t("select", { image: name, project: i.image.source.projectName })}
                      checked={selected.has(keyOf(i))}
                      onChange={() => setSelected((s) => toggled(s, keyOf(i)))}
                    />
                  )}
                </td>
                <th scope="row" className="py-2 pr-4 text-left font-normal">
                  <Link
                    href={imageHref(i.image)}
                    className="font-medium text-brand-700 hover:underline"
                  >
                    {name}
                  </Link>
                  {hit && (
                    <span className="ml-2 rounded bg-brand-600 px-1.5 py-0.5 text-xs text-white">
                      {t("fromLink")}
                    </span>
                  )}
                  {i.image.hidden && <HiddenBadge />}
                  <span className="block font-mono text-xs text-slate-500">{i.image.id}</span>
                  {i.replaces && (
                    <span className="mt-1 block text-xs text-slate-700">
                      {t.rich("newVersion", {
                        strong: (chunks) => <span className="font-medium">{chunks}</span>,
                        old: i.replaces.imageName ?? i.replaces.imageId,
                        oldCreated: format.date(i.replaces.createdAt),
                        oldAccepted: format.date(i.replaces.acceptedAt),
                        created: format.date(i.image.createdAt),
                      })}
                    </span>
                  )}
                </th>
                <td className="py-2 pr-4">
                  {i.image.ownerName ?? (
                    <span className="text-slate-500">{common("notConnectedHere")}</span>
                  )}
                  <span className="block font-mono text-xs text-slate-500">{i.image.owner}</span>
                </td>
                <td className="py-2 pr-4">
                  {i.image.source.projectName}
                  <span className="block text-xs text-slate-500">{i.image.source.region}</span>
                </td>
                <td className="py-2 pr-4 text-right tabular-nums whitespace-nowrap">
                  {format.bytes(i.image.size)}
                </td>
                <td className="py-2 pr-4 whitespace-nowrap" title={format.date(i.since)}>
                  {format.daysAgo(i.since)}
                  <span className="block text-xs text-slate-500">{format.date(i.since)}</span>
                </td>
                <td className="py-2 text-right whitespace-nowrap">
                  {canAct ? (
                    <span className="inline-flex items-center gap-2">
                      <MemberStatusBadge status={i.status} />
                      {moves[status].map((to) => (
                        <Button
                          key={to}
                          tone={to === "rejected" ? "danger" : "primary"}
                          className="px-2 py-1"
                          aria-label={t(`moveAria.${to}`, {
                            image: name,
                            project: i.image.source.projectName,
                          })}
                          disabled={change.isPending}
                          onClick={() => move([i], to)}
                        >
                          {t(`move.${to}`)}
                        </Button>
                      ))}
                      {status === "pending" && i.replaces && (
                        <Button
                          tone="secondary"
                          className="px-2 py-1"
                          aria-label={t("acceptReplacingAria", {
                            image: name,
                            old: i.replaces.imageName ?? i.replaces.imageId,
                            project: i.image.source.projectName,
                          })}
                          disabled={change.isPending}
                          onClick={() => acceptReplacing(i, i.replaces!)}
                        >
                          {t("acceptReplacing")}
                        </Button>
                      )}
                    </span>
                  ) : (
                    <span className="text-xs text-slate-500">{t("readOnly")}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </DataTable>
      </div>
    </div>
  );
}
