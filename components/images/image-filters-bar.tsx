"use client";

import { SelectField, TextField } from "@/components/ui/field";
import type { ConnectionDto } from "@/lib/schemas/projects";

import type { ImageFilters } from "./image-filters";

const statuses = [
  "active",
  "queued",
  "saving",
  "uploading",
  "importing",
  "deactivated",
  "killed",
  "deleted",
];
const diskFormats = [
  "raw",
  "qcow2",
  "vmdk",
  "vdi",
  "vhd",
  "vhdx",
  "iso",
  "ploop",
  "aki",
  "ari",
  "ami",
];
const sorts = [
  ["name:asc", "Name A→Z"],
  ["name:desc", "Name Z→A"],
  ["created_at:desc", "Newest first"],
  ["created_at:asc", "Oldest first"],
  ["updated_at:desc", "Recently updated"],
  ["size:desc", "Largest first"],
  ["size:asc", "Smallest first"],
] as const;

/** Which projects and regions to list, and how to narrow and order the list. */
export function ImageFiltersBar({
  filters,
  connections,
  onChange,
}: {
  filters: ImageFilters;
  connections: ConnectionDto[];
  onChange: (patch: Partial<ImageFilters>) => void;
}) {
  const regions = [
    ...new Set(
      connections
        .filter((c) => filters.connection === "all" || c.id === filters.connection)
        .flatMap((c) => c.regions),
    ),
  ];
  return (
    <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
      <SelectField
        label="Project"
        value={filters.connection}
        onChange={(e) => onChange({ connection: e.target.value, region: "all" })}
        options={[
          ["all", "All connected projects"],
          ...connections.map(
            (c) =>
              [
                c.id,
                `${c.project.name} (${c.user.name})${c.status === "expired" ? " · expired" : ""}`,
              ] as const,
          ),
        ]}
      />
      <SelectField
        label="Region"
        value={filters.region}
        onChange={(e) => onChange({ region: e.target.value })}
        options={[["all", "All regions"], ...regions]}
      />
      <TextField
        label="Search"
        type="search"
        placeholder="Part of a name, or an id"
        value={filters.q}
        onChange={(e) => onChange({ q: e.target.value })}
      />
      <SelectField
        label="Sort"
        value={filters.sort}
        onChange={(e) => onChange({ sort: e.target.value as ImageFilters["sort"] })}
        options={sorts}
      />
      <SelectField
        label="Status"
        value={filters.status}
        onChange={(e) => onChange({ status: e.target.value })}
        options={[["", "Any status"], ...statuses]}
      />
      {(filters.tab === "owned" || filters.tab === "public") && (
        <SelectField
          label="Visibility"
          value={filters.visibility}
          onChange={(e) => onChange({ visibility: e.target.value as ImageFilters["visibility"] })}
          options={
            filters.tab === "owned"
              ? [["", "Any visibility"], "private", "shared", "public", "community"]
              : [["", "public"], "community"]
          }
        />
      )}
      <SelectField
        label="Listing"
        value={filters.listing}
        onChange={(e) => onChange({ listing: e.target.value as ImageFilters["listing"] })}
        options={[
          ["listed", "In image lists"],
          ["hidden", "Hidden from lists (os_hidden)"],
        ]}
      />
      <SelectField
        label="Disk format"
        value={filters.diskFormat}
        onChange={(e) => onChange({ diskFormat: e.target.value })}
        options={[["", "Any disk format"], ...diskFormats]}
      />
    </div>
  );
}
