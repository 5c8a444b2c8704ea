"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";

import { MemberStatusBadge } from "@/components/common/badges";
import { ImageLink, ProjectCell } from "@/components/common/cells";
import { download } from "@/components/common/download";
import { SourceFailures } from "@/components/common/source-failures";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { SelectField, TextField } from "@/components/ui/field";
import { LiveProgress } from "@/components/ui/live-progress";
import { Tabs } from "@/components/ui/tabs";
import {
  auditCsv,
  auditJson,
  defaultAuditFilters,
  filterRows,
  flagsOf,
  linkVersions,
  memberServersText,
  sortRows,
  totals,
  type AccessFlag,
  type AuditFilters,
  type AuditRow,
} from "@/lib/access/view";
import { csvSeparatorFor, type CsvSeparator } from "@/lib/csv";
import { useFormat } from "@/lib/i18n/use-format";
import { accessAuditQueryOptions } from "@/lib/queries/access";
import { accessKeys } from "@/lib/queries/keys";
import { connectionsQueryOptions } from "@/lib/queries/projects";

import { ConsumedView } from "./consumed-view";

type View = "owned" | "consumed";
const stamp = () => new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");

/** Who can use my images, since when — and the reverse: what my projects use of others'. */
export function AccessAudit() {
  const t = useTranslations("access");
  const [view, setView] = useState<View>("owned");
  const panelId = useId();
  return (
    <div className="space-y-4">
      <Tabs
        label={t("views.label")}
        tabs={[
          { value: "owned", label: t("views.owned") },
          { value: "consumed", label: t("views.consumed") },
        ]}
        selected={view}
        onSelect={setView}
        panelId={panelId}
      />
      <div id={panelId} role="tabpanel" aria-labelledby={`${panelId}-tab-${view}`}>
        {view === "owned" ? <OwnedAccess /> : <ConsumedView />}
      </div>
    </div>
  );
}

const FLAGS: AccessFlag[] = [
  "stale_pending",
  "no_members",
  "not_a_project_id",
  "not_connected",
  "old_version_only",
  "hidden",
  "servers_depend",
];

function OwnedAccess() {
  const t = useTranslations("access");
  const common = useTranslations("common");
  const format = useFormat();
  const [separator, setSeparator] = useState<CsvSeparator>(() => csvSeparatorFor(format.locale));
  // The member's servers on the image as a cell says them: never "none" where it cannot be told.
  const serversText = (r: AuditRow) =>
    memberServersText(r, { cannotTell: t("servers.cannotTell"), none: t("servers.none") });
  const client = useQueryClient();
  const { data: audit, error, fetchStatus } = useQuery(accessAuditQueryOptions());
  const { data: connectionsData } = useQuery(connectionsQueryOptions());
  const [filters, setFilters] = useState<AuditFilters>(defaultAuditFilters);
  const set = (patch: Partial<AuditFilters>) => setFilters((f) => ({ ...f, ...patch }));
  const loading = fetchStatus === "fetching";
  const linked = linkVersions(audit?.rows ?? []);
  const rows = sortRows(filterRows(linked, filters));
  const imageNames = new Map(linked.map((r) => [r.imageId, r.imageName ?? r.imageId]));
  const all = totals(audit?.rows ?? []);
  const shown = totals(rows);
  const projects = [
    ...new Map(
      (connectionsData?.connections ?? []).map((c) => [c.project.id, c.project.name]),
    ).entries(),
  ];
  const regions = [...new Set((connectionsData?.connections ?? []).flatMap((c) => c.regions))];

  return (
    <div className="space-y-4 pt-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-64 flex-1">
          {audit?.images == null ? (
            <p role="status" className="text-sm text-slate-600">
              {loading ? t("listing") : ""}
            </p>
          ) : (
            <LiveProgress
              id="audit-progress"
              label={
                audit.ms === null
                  ? t("reading", { read: audit.read, images: audit.images })
                  : t("read", {
                      images: audit.images,
                      seconds: format.number(Math.round(audit.ms / 100) / 10),
                    })
              }
              value={audit.read}
              max={audit.images}
              done={audit.ms !== null}
            />
          )}
        </div>
        <div className="flex gap-2">
          <Button
            tone="secondary"
            disabled={loading}
            onClick={() => client.resetQueries({ queryKey: accessKeys.audit() })}
          >
            {t("refresh")}
          </Button>
          <Button
            tone="secondary"
            disabled={loading || rows.length === 0}
            onClick={() =>
              download(
                `access-audit-${stamp()}.csv`,
                "text/csv",
                auditCsv(rows, filters.staleDays, separator),
              )
            }
          >
            {t("exportCsv")}
          </Button>
          <SelectField
            label={t("separator")}
            value={separator}
            onChange={(e) => setSeparator(e.target.value as CsvSeparator)}
            options={[
              [",", t("separators.comma")],
              [";", t("separators.semicolon")],
            ]}
          />
          <Button
            tone="secondary"
            disabled={loading || rows.length === 0}
            onClick={() =>
              download(
                `access-audit-${stamp()}.json`,
                "application/json",
                auditJson(rows, filters.staleDays),
              )
            }
          >
            {t("exportJson")}
          </Button>
        </div>
      </div>

      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" aria-label={t("totals")}>
        {(["accepted", "pending", "rejected", "none"] as const).map((k) => (
          <div key={k} className="rounded-lg border border-slate-200 bg-surface p-3">
            <dt className="text-xs uppercase tracking-wide text-slate-500">{t(`total.${k}`)}</dt>
            <dd className="text-2xl font-semibold tabular-nums">
              {shown[k]}
              {shown[k] !== all[k] && (
                <span className="ml-1 text-sm font-normal text-slate-500">
                  {t("of", { all: all[k] })}
                </span>
              )}
            </dd>
          </div>
        ))}
      </dl>

      <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6">
        <SelectField
          label={t("filters.project")}
          value={filters.project}
          onChange={(e) => set({ project: e.target.value })}
          options={[["", t("filters.anyProject")], ...projects]}
        />
        <SelectField
          label={t("filters.region")}
          value={filters.region}
          onChange={(e) => set({ region: e.target.value })}
          options={[["", t("filters.anyRegion")], ...regions]}
        />
        <SelectField
          label={t("filters.status")}
          value={filters.status}
          onChange={(e) => set({ status: e.target.value })}
          options={[
            ["", t("filters.anyStatus")],
            ...(["accepted", "pending", "rejected"] as const).map(
              (s) => [s, common(`memberStatus.${s}`)] as const,
            ),
            ["none", t("filters.noMembers")],
          ]}
        />
        <TextField
          label={t("filters.imageName")}
          type="search"
          value={filters.q}
          onChange={(e) => set({ q: e.target.value })}
        />
        <TextField
          label={t("filters.staleDays")}
          type="number"
          min={0}
          value={filters.staleDays}
          onChange={(e) => set({ staleDays: Math.max(0, Number(e.target.value) || 0) })}
        />
        <SelectField
          label={t("filters.flag")}
          value={filters.flag}
          onChange={(e) => set({ flag: e.target.value as AccessFlag | "" })}
          options={[["", t("filters.anyFlag")], ...FLAGS.map((f) => [f, t(`flags.${f}`)] as const)]}
        />
      </div>

      {audit && <SourceFailures failures={audit.failures} />}
      {error && <Alert tone="error">{error.message}</Alert>}

      <DataTable
        caption={t("caption")}
        columns={[
          t("columns.image"),
          t("columns.ownerRegion"),
          t("columns.member"),
          t("columns.status"),
          t("columns.servers"),
          t("columns.created"),
          t("columns.updated"),
          t("columns.flags"),
        ]}
        loading={rows.length === 0 && loading}
        empty={rows.length === 0 && ((audit?.rows.length ?? 0) > 0 ? t("noMatch") : t("none"))}
        skeletonRows={5}
      >
        {rows.map((r) => {
          const flags = flagsOf(r, filters.staleDays);
          return (
            <tr key={`${r.connectionId}|${r.region}|${r.imageId}|${r.memberId}`} className="h-12">
              <th scope="row" className="py-2 pr-4 text-left font-normal">
                <ImageLink {...r} name={r.imageName} />
                {r.predecessorId && (
                  <span className="block text-xs text-slate-500">
                    {t("newVersionOf", {
                      image: imageNames.get(r.predecessorId) ?? r.predecessorId,
                    })}
                  </span>
                )}
                {r.newerVersion && (
                  <span className="block text-xs text-slate-500">
                    {t("replacedBy", {
                      image: r.newerVersion.imageName ?? r.newerVersion.imageId,
                    })}
                  </span>
                )}
              </th>
              <ProjectCell name={r.ownerName} below={r.region} />
              {r.memberId === null ? (
                <td className="py-2 pr-4 text-slate-500">—</td>
              ) : (
                <ProjectCell name={r.memberName} below={r.memberId} isId />
              )}
              <td className="py-2 pr-4">
                {r.status ? (
                  <MemberStatusBadge status={r.status} />
                ) : (
                  <span className="text-slate-500">{t("filters.noMembers")}</span>
                )}
              </td>
              <td
                className={`py-2 pr-4 ${r.memberServers?.length ? "font-medium text-amber-900" : "text-slate-500"}`}
              >
                {serversText(r)}
              </td>
              <td className="py-2 pr-4 whitespace-nowrap">{format.date(r.createdAt)}</td>
              <td className="py-2 pr-4 whitespace-nowrap">{format.date(r.updatedAt)}</td>
              <td className="py-2">
                {flags.map((f) => (
                  <span
                    key={f}
                    className="mr-1 inline-block rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-900"
                  >
                    {t(`flags.${f}`)}
                  </span>
                ))}
              </td>
            </tr>
          );
        })}
      </DataTable>
      <p className="text-xs text-slate-500">{t("footnote")}</p>
    </div>
  );
}
