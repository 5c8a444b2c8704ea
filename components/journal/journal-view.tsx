"use client";

import { useQuery } from "@tanstack/react-query";
import { useState, type InputHTMLAttributes } from "react";

import { download } from "@/components/common/download";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { SelectField, TextField } from "@/components/ui/field";
import { toCsv } from "@/lib/csv";
import { formatDate } from "@/lib/format";
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
          label="Project"
          value={filters.project ?? ""}
          onChange={(e) => set({ project: e.target.value || undefined })}
          options={[["", "Any connected project"], ...projects]}
        />
        {textFilter("image", "Image", { placeholder: "Name or id" })}
        {textFilter("user", "User", { placeholder: "Name or id" })}
        <SelectField
          label="Action"
          value={filters.action ?? ""}
          onChange={(e) =>
            set({ action: (e.target.value || undefined) as JournalAction | undefined })
          }
          options={[
            ["", "Any action"],
            ...journalActions.map((a) => [a, journalActionLabels[a]] as const),
          ]}
        />
        {textFilter("from", "From", { type: "date" })}
        {textFilter("to", "To", { type: "date" })}
      </div>
      <div className="flex min-h-10 items-center justify-between gap-3 text-sm text-slate-600">
        <p aria-live="polite">
          {data &&
            `${entries.length} entr${entries.length === 1 ? "y" : "ies"}${entries.length >= data.limit ? ` (the newest ${data.limit}; narrow the filters)` : ""}`}
        </p>
        <Button
          tone="secondary"
          disabled={entries.length === 0}
          onClick={() =>
            download(
              `journal-${new Date().toISOString().slice(0, 10)}.csv`,
              "text/csv",
              toCsv(entries, columns),
            )
          }
        >
          Export CSV
        </Button>
      </div>
      <DataTable
        error={error}
        caption="Journal entries"
        columns={["Time", "User", "Project · region", "Image", "Action", "Member", "Outcome"]}
        loading={isPending}
        empty={
          entries.length === 0 &&
          "No change recorded for these projects and filters. Shares, members added or removed, accepts and rejects made here appear in this journal."
        }
        skeletonRows={4}
      >
        {entries.map((e) => (
          <tr key={e.id} className="h-12 align-top">
            <td className="py-2 pr-4 whitespace-nowrap">{formatDate(e.at)}</td>
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
            <td className="py-2 pr-4">{journalActionLabels[e.action]}</td>
            <td className="py-2 pr-4 font-mono text-xs">{e.memberId ?? "—"}</td>
            <td className="py-2">
              {e.outcome === "ok" ? (
                <span className="text-emerald-800">ok</span>
              ) : (
                <span className="text-red-700">
                  failed
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
