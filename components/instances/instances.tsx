"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";

import { ImageLink, ProjectCell } from "@/components/common/cells";
import { SourceFailures } from "@/components/common/source-failures";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { useFormat } from "@/lib/i18n/use-format";
import { instancesQueryOptions } from "@/lib/queries/instances";
import { connectionsQueryOptions } from "@/lib/queries/projects";
import type { InstanceDto } from "@/lib/schemas/instances";

import { BackupPanel } from "./backup-panel";

const statusTone: Record<string, string> = {
  ACTIVE: "bg-emerald-50 text-emerald-800",
  BUILD: "bg-amber-50 text-amber-900",
  ERROR: "bg-red-50 text-red-800",
};

function StatusCell({ server }: { server: InstanceDto }) {
  return (
    <td className="py-2 pr-4">
      <span
        className={`rounded px-2 py-0.5 text-xs font-medium ${statusTone[server.status] ?? "bg-slate-100 text-slate-700"}`}
      >
        {server.status}
      </span>
      {server.taskState && (
        <span className="block text-xs text-slate-500">{server.taskState.replace(/_/g, " ")}</span>
      )}
      {server.fault && <span className="block text-xs text-red-800">{server.fault}</span>}
    </td>
  );
}

/** The image a server was booted from, and whether another project can take it away. */
function ImageCell({ server }: { server: InstanceDto }) {
  const t = useTranslations("instances");
  const { image, source } = server;
  if (!image) return <td className="py-2 pr-4 text-slate-500">{t("volume")}</td>;
  const link =
    image.dependency === "gone" ? (
      <span className="font-mono text-xs">{image.id}</span>
    ) : (
      <ImageLink
        connectionId={source.connectionId}
        region={source.region}
        imageId={image.id}
        name={image.name}
      />
    );
  const note = {
    own: <span className="text-slate-500">{t("own")}</span>,
    shared: (
      <span className="font-medium text-amber-900">
        {t("shared", {
          owner: image.ownerName ?? image.owner ?? "",
          project: source.projectName,
        })}
      </span>
    ),
    public: <span className="text-slate-500">{t("public")}</span>,
    gone: (
      <span className="font-medium text-red-800">{t("gone", { project: source.projectName })}</span>
    ),
  }[image.dependency];
  return (
    <td className="py-2 pr-4">
      {link}
      <span className="block text-xs">{note}</span>
    </td>
  );
}

/** Every connected project's servers, and the images they run on. */
export function Instances() {
  const t = useTranslations("instances");
  const format = useFormat();
  const { data, error, isPending } = useQuery(instancesQueryOptions());
  const { data: connections } = useQuery(connectionsQueryOptions());
  const [backingUp, setBackingUp] = useState<InstanceDto | null>(null);
  const canWrite = new Set(
    connections?.connections.filter((c) => c.canWrite).map((c) => c.id) ?? [],
  );
  const instances = data?.instances ?? [];
  const onOthers = instances.filter((i) => i.image?.dependency === "shared");
  return (
    <div className="space-y-4">
      {data && <SourceFailures failures={data.failures} />}
      {onOthers.length > 0 && (
        <Alert tone="warning">{t("onOthers", { count: onOthers.length })}</Alert>
      )}
      {backingUp && (
        <BackupPanel
          key={`${backingUp.source.connectionId}|${backingUp.id}`}
          server={backingUp}
          onClose={() => setBackingUp(null)}
        />
      )}
      <DataTable
        error={error}
        caption={t("caption")}
        columns={[
          t("columns.server"),
          t("columns.projectRegion"),
          t("columns.status"),
          t("columns.flavor"),
          t("columns.image"),
          t("columns.created"),
          "",
        ]}
        loading={isPending}
        empty={
          instances.length === 0 && (data && data.failures.length > 0 ? t("noneListed") : t("none"))
        }
      >
        {instances.map((s) => (
          <tr key={`${s.source.connectionId}|${s.source.region}|${s.id}`} className="h-12">
            <th scope="row" className="py-2 pr-4 text-left font-normal">
              <span className="font-medium">{s.name}</span>
              <span className="block font-mono text-xs text-slate-500">{s.id}</span>
            </th>
            <ProjectCell name={s.source.projectName} below={s.source.region} />
            <StatusCell server={s} />
            <td className="py-2 pr-4">
              {s.flavor.name}
              <span className="block text-xs text-slate-500">
                {t("flavor", {
                  vcpus: s.flavor.vcpus,
                  ram: s.flavor.ramMiB,
                  disk: s.flavor.diskGiB,
                })}
              </span>
            </td>
            <ImageCell server={s} />
            <td className="py-2 pr-4 whitespace-nowrap">{format.date(s.createdAt)}</td>
            <td className="py-2 text-right">
              {canWrite.has(s.source.connectionId) && (
                <Button
                  tone="secondary"
                  onClick={() => setBackingUp(s)}
                  aria-label={t("backUpAria", {
                    server: s.name,
                    project: s.source.projectName,
                    region: s.source.region,
                  })}
                >
                  {t("backUp")}
                </Button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
