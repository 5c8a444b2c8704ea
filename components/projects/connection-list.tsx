"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useSyncExternalStore } from "react";

import { NoProjectConnected } from "@/components/common/empty-state";
import { useReport } from "@/components/common/use-report";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { connectionsQueryOptions, useDisconnect, useDisconnectAll } from "@/lib/queries/projects";
import type { ConnectionDto, ConnectionsDto } from "@/lib/schemas/projects";

const TICK_MS = 30_000;
const subscribeClock = (onTick: () => void) => {
  const t = setInterval(onTick, TICK_MS);
  return () => clearInterval(t);
};

/** "in 59 min", "in 23 h", "expired"; null on the server, where "now" is not the reader's. */
function useRelativeExpiry(iso: string): string | null {
  const t = useTranslations("projects.list");
  const now = useSyncExternalStore(
    subscribeClock,
    () => Math.floor(Date.now() / TICK_MS) * TICK_MS,
    () => null,
  );
  if (now === null) return null;
  const minutes = Math.round((new Date(iso).getTime() - now) / 60_000);
  if (minutes <= 0) return t("expired");
  return minutes < 90
    ? t("inMinutes", { n: minutes })
    : t("inHours", { n: Math.round(minutes / 60) });
}

function Expiry({ iso }: { iso: string }) {
  const relative = useRelativeExpiry(iso);
  return (
    <time dateTime={iso} title={iso} suppressHydrationWarning>
      {relative ?? iso.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC")}
    </time>
  );
}

const reconnectHref = (c: ConnectionDto) =>
  `/projects/connect?${new URLSearchParams({ cloud: c.cloud.name, username: c.user.name, userDomain: c.user.domainName, project: c.project.id })}`;

function ConnectionRow({ connection: c }: { connection: ConnectionDto }) {
  const t = useTranslations("projects.list");
  const disconnect = useDisconnect();
  const report = useReport();
  return (
    <tr className="align-top">
      <th scope="row" className="py-3 pr-4 text-left font-normal">
        <span className="block font-semibold">{c.project.name}</span>
        <span className="block font-mono text-xs text-slate-500">{c.project.id}</span>
        <span className="text-xs text-slate-500">
          {t("domain", { domain: c.project.domainName })}
        </span>
      </th>
      <td className="py-3 pr-4">{c.cloud.label}</td>
      <td className="py-3 pr-4">
        {c.regions.length > 0 ? (
          c.regions.join(", ")
        ) : (
          <span className="text-slate-500">{t("noRegion")}</span>
        )}
      </td>
      <td className="py-3 pr-4">
        {c.user.name}
        <span className="block text-xs text-slate-500">
          {t("domain", { domain: c.user.domainName })}
          {c.method === "application_credential" && t("appCredential")}
        </span>
      </td>
      <td className="py-3 pr-4">
        {c.roles.join(", ")}
        {c.readOnly && (
          <span
            className="mt-1 block rounded bg-amber-50 px-2 py-1 text-xs text-amber-900"
            role="note"
          >
            {t("readOnly")}
          </span>
        )}
      </td>
      <td className="py-3 pr-4">
        {c.status === "expired" ? (
          <span className="font-medium text-red-700">
            {t("sessionExpired")}{" "}
            <Link href={reconnectHref(c)} className="underline">
              {t("reconnect", { project: c.project.name })}
            </Link>
          </span>
        ) : (
          <Expiry iso={c.expiresAt} />
        )}
      </td>
      <td className="py-3 text-right">
        <Button
          tone="danger"
          busy={disconnect.isPending}
          aria-label={t("disconnectAria", { project: c.project.name, user: c.user.name })}
          onClick={() =>
            disconnect.mutate(c.id, {
              onSuccess: () => report.done(t("disconnected", { project: c.project.name })),
              onError: report.failed,
            })
          }
        >
          {t("disconnect")}
        </Button>
      </td>
    </tr>
  );
}

export function ConnectionList({ initial }: { initial: ConnectionsDto }) {
  // Shown at once from the server render, then checked with Keystone (revoked tokens).
  const { data, error, isFetching } = useQuery({
    ...connectionsQueryOptions(),
    initialData: initial,
    initialDataUpdatedAt: 0,
  });
  const t = useTranslations("projects.list");
  const disconnectAll = useDisconnectAll();
  const report = useReport();
  const { connections, limit } = data;

  if (connections.length === 0) {
    return <NoProjectConnected>{t("none")}</NoProjectConnected>;
  }

  const atLimit = connections.length >= limit;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-600" aria-live="polite">
          {t("count", { count: connections.length, limit })}
          {isFetching ? t("checking") : ""}
        </p>
        <div className="flex gap-2">
          {atLimit ? (
            <span className="text-sm text-amber-800">{t("limit")}</span>
          ) : (
            <Link
              href="/projects/connect"
              className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-800"
            >
              {t("connect")}
            </Link>
          )}
          <Button
            tone="danger"
            busy={disconnectAll.isPending}
            onClick={() => {
              if (!window.confirm(t("confirmAll", { count: connections.length }))) return;
              disconnectAll.mutate(undefined, {
                onSuccess: () => report.done(t("disconnectedAll")),
                onError: report.failed,
              });
            }}
          >
            {t("disconnectAll")}
          </Button>
        </div>
      </div>
      <DataTable
        error={error}
        caption={t("caption")}
        columns={[
          t("columns.project"),
          t("columns.cloud"),
          t("columns.regions"),
          t("columns.user"),
          t("columns.roles"),
          t("columns.expires"),
          "",
        ]}
      >
        {connections.map((c) => (
          <ConnectionRow key={c.id} connection={c} />
        ))}
      </DataTable>
    </div>
  );
}
