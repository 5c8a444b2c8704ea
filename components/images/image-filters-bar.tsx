"use client";

import { useTranslations } from "next-intl";

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
// Each order and the key of its label.
const sorts = [
  ["name:asc", "name_asc"],
  ["name:desc", "name_desc"],
  ["created_at:desc", "created_at_desc"],
  ["created_at:asc", "created_at_asc"],
  ["updated_at:desc", "updated_at_desc"],
  ["size:desc", "size_desc"],
  ["size:asc", "size_asc"],
] as const;

const visibilities = ["private", "shared", "public", "community"] as const;

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
  const t = useTranslations("images.filters");
  const common = useTranslations("common");
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
        label={t("project")}
        value={filters.connection}
        onChange={(e) => onChange({ connection: e.target.value, region: "all" })}
        options={[
          ["all", t("allProjects")],
          ...connections.map(
            (c) =>
              [
                c.id,
                `${c.project.name} (${c.user.name})${c.status === "expired" ? ` · ${t("expired")}` : ""}`,
              ] as const,
          ),
        ]}
      />
      <SelectField
        label={t("region")}
        value={filters.region}
        onChange={(e) => onChange({ region: e.target.value })}
        options={[["all", t("allRegions")], ...regions]}
      />
      <TextField
        label={t("search")}
        type="search"
        placeholder={t("searchPlaceholder")}
        value={filters.q}
        onChange={(e) => onChange({ q: e.target.value })}
      />
      <SelectField
        label={t("sortLabel")}
        value={filters.sort}
        onChange={(e) => onChange({ sort: e.target.value as ImageFilters["sort"] })}
        options={sorts.map(([value, key]) => [value, t(`sort.${key}`)] as const)}
      />
      <SelectField
        label={t("status")}
        value={filters.status}
        onChange={(e) => onChange({ status: e.target.value })}
        options={[["", t("anyStatus")], ...statuses]}
      />
      {(filters.tab === "owned" || filters.tab === "public") && (
        <SelectField
          label={t("visibility")}
          value={filters.visibility}
          onChange={(e) => onChange({ visibility: e.target.value as ImageFilters["visibility"] })}
          options={
            filters.tab === "owned"
              ? [
                  ["", t("anyVisibility")],
                  ...visibilities.map((v) => [v, common(`visibility.${v}`)] as const),
                ]
              : [
                  ["", common("visibility.public")],
                  ["community", common("visibility.community")],
                ]
          }
        />
      )}
      <SelectField
        label={t("listing")}
        value={filters.listing}
        onChange={(e) => onChange({ listing: e.target.value as ImageFilters["listing"] })}
        options={[
          ["listed", t("listed")],
          ["hidden", t("hidden")],
        ]}
      />
      <SelectField
        label={t("diskFormat")}
        value={filters.diskFormat}
        onChange={(e) => onChange({ diskFormat: e.target.value })}
        options={[["", t("anyDiskFormat")], ...diskFormats]}
      />
    </div>
  );
}
