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
      >
        <option value="all">All connected projects</option>
        {connections.map((c) => (
          <option key={c.id} value={c.id}>
            {c.project.name} ({c.user.name}){c.status === "expired" ? " · expired" : ""}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Region"
        value={filters.region}
        onChange={(e) => onChange({ region: e.target.value })}
      >
        <option value="all">All regions</option>
        {regions.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </SelectField>
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
      >
        {sorts.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Status"
        value={filters.status}
        onChange={(e) => onChange({ status: e.target.value })}
      >
        <option value="">Any status</option>
        {statuses.map((s) => (
          <option key={s}>{s}</option>
        ))}
      </SelectField>
      {(filters.tab === "owned" || filters.tab === "public") && (
        <SelectField
          label="Visibility"
          value={filters.visibility}
          onChange={(e) => onChange({ visibility: e.target.value as ImageFilters["visibility"] })}
        >
          {filters.tab === "owned" ? (
            <>
              <option value="">Any visibility</option>
              <option value="private">private</option>
              <option value="shared">shared</option>
              <option value="public">public</option>
              <option value="community">community</option>
            </>
          ) : (
            <>
              <option value="">public</option>
              <option value="community">community</option>
            </>
          )}
        </SelectField>
      )}
      <SelectField
        label="Listing"
        value={filters.listing}
        onChange={(e) => onChange({ listing: e.target.value as ImageFilters["listing"] })}
      >
        <option value="listed">In image lists</option>
        <option value="hidden">Hidden from lists (os_hidden)</option>
      </SelectField>
      <SelectField
        label="Disk format"
        value={filters.diskFormat}
        onChange={(e) => onChange({ diskFormat: e.target.value })}
      >
        <option value="">Any disk format</option>
        {diskFormats.map((f) => (
          <option key={f}>{f}</option>
        ))}
      </SelectField>
    </div>
  );
}
