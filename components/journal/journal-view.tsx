"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type InputHTMLAttributes } from "react";

import { download } from "@/components/common/download";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { SelectField, TextField } from "@/components/ui/field";
import { csvSeparatorFor, toCsv } from "@/lib/csv";
import { useFormat } from "@/lib/i18n/use-format";
import { journalQueryOptions } from "@/lib/queries/journal";
import { connectionsQueryOptions } from "@/lib/queries/projects";
import {
  journalActionLabels,
  journalActions,
  type JournalAction,
  type JournalEntryDto,
  type JournalQuery,
} from "@/lib/schemas/journal";
import { useDebouncedValue } from "@/lib/use-debounced-value";

const columns: { header: string; value: (e: JournalEntryDto) => string }[] = [
  { header: "Time", value: (e) => e.at },
  { header: "User", value: (e) => e.user.name },
  { header: "User ID", value: (e) => e.user.id },
  { header: "Project", value: (e) => e.project.name },
  { header: "Project ID", value: (e) => e.project.id },
  { header: "Region", value: (e) => e.region },
  { header: "Image", value: (e) => e.image.name ?? "" },
  { header: "Image ID", value: (e) => e.image.id },
  { header: "Member ID", value: (e) => e.memberId ?? "" },
  { header: "Action", value: (e) => journalActionLabels[e.action] },
  { header: "Outcome", value: (e) => e.outcome },
  { header: "Error", value: (e) => (e.error ? `${e.error.code}: ${e.error.message}` : "") },
];

/** Every change this dashboard made for the connected projects: who, when, what, and how it ended. */
export function JournalView() {
  const t = useTranslations("journal");
  const format = useFormat();
  const [filters, setFilters] = useState<JournalQuery>({});
  const set = (patch: Partial<JournalQuery>) => setFilters((f) => ({ ...f, ...patch }));
  const query = useDebouncedValue(filters);
  const { data, error, isPending } = useQuery(journalQueryOptions(query));
  const { data: connectionsData } = useQuery(connectionsQueryOptions());
  const projects = [
    ...new Map(
      (connectionsData?.connections ?? []).map((c) => [c.project.id, c.project.name]),
    ).entries(),
  ];
  const entries = data?.entries ?? [];

  /** A filter typed in (empty: not filtered). */
  const textFilter = (
    key: "image" | "user" | "from" | "to",
    label: string,
    props: InputHTMLAttributes<HTMLInputElement>,
  ) => (
    <TextField
      label={label}
      {...props}
      value={filters[key] ?? ""}
      onChange={(e) => set({ [key]: e.target.value || undefined })}
    />
  );

  return (
    <div className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6">
        <SelectField
          label={t("filters.project")}
          value={filters.project ?? ""}
          onChange={(e) => set({ project: e.target.value || undefined })}
          options={[["", t("filters.anyProject")], ...projects]}
        />
        {textFilter("image", t("filters.image"), { placeholder: t("filters.nameOrId") })}
        {textFilter("user", t("filters.user"), { placeholder: t("filters.nameOrId") })}
        <SelectField
          label={t("filters.action")}
          value={filters.action ?? ""}
          onChange={(e) =>
            set({ action: (e.target.value || undefined) as JournalAction | undefined })
          }
          options={[
            ["", t("filters.anyAction")],
            ...journalActions.map((a) => [a, t(`actions.${a}`)] as const),
          ]}
        />
        {textFilter("from", t("filters.from"), { type: "date" })}
        {textFilter("to", t("filters.to"), { type: "date" })}
      </div>
      <div className="flex min-h-10 items-center justify-between gap-3 text-sm text-slate-600">
        <p aria-live="polite">
          {data &&
            `${t("count", { count: entries.length })}${entries.length >= data.limit ? t("limited", { limit: data.limit }) : ""}`}
        </p>
        <Button
          tone="secondary"
          disabled={entries.length === 0}
          onClick={() =>
            download(
              `journal-${new Date().toISOString().slice(0, 10)}.csv`,
              "text/csv",
              toCsv(entries, columns, csvSeparatorFor(format.locale)),
            )
          }
        >
          {t("exportCsv")}
        </Button>
      </div>
      <DataTable
        error={error}
        caption={t("caption")}
        columns={[
          t("columns.time"),
          t("columns.user"),
          t("columns.projectRegion"),
          t("columns.image"),
          t("columns.action"),
          t("columns.member"),
          t("columns.outcome"),
        ]}
        loading={isPending}
        empty={entries.length === 0 && t("none")}
        skeletonRows={4}
      >
        {entries.map((e) => (
          <tr key={e.id} className="h-12 align-top">
            <td className="py-2 pr-4 whitespace-nowrap">{format.date(e.at)}</td>
            <td className="py-2 pr-4">
              {e.user.name}
              <span className="block font-mono text-xs text-slate-500">{e.user.id}</span>
            </td>
            <td className="py-2 pr-4">
              {e.project.name}
              <span className="block text-xs text-slate-500">{e.region}</span>
            </td>
            <th scope="row" className="py-2 pr-4 text-left font-normal">
              {e.image.name ?? <span className="font-mono text-xs">{e.image.id}</span>}
              {e.image.name && (
                <span className="block font-mono text-xs text-slate-500">{e.image.id}</span>
              )}
            </th>
            <td className="py-2 pr-4">{t(`actions.${e.action}`)}</td>
            <td className="py-2 pr-4 font-mono text-xs">{e.memberId ?? "—"}</td>
            <td className="py-2">
              {e.outcome === "ok" ? (
                <span className="text-emerald-800">{t("ok")}</span>
              ) : (
                <span className="text-red-700">
                  {t("failed")}
                  <span className="block text-xs [overflow-wrap:anywhere]">{e.error?.message}</span>
                </span>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
