"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Column, DataTable } from "@/components/ui/data-table";
import { SelectField, TextField } from "@/components/ui/field";
import { Tabs } from "@/components/ui/tabs";
import { useDebouncedValue } from "@/lib/use-debounced-value";
import { formatBytes, formatDate } from "@/lib/format";
import { connectionsQueryOptions } from "@/lib/queries/connections";
import { imageListQueryOptions } from "@/lib/queries/images";
import type { ConnectionDto } from "@/lib/schemas/connections";
import type { ImageSummaryDto, ImageTab } from "@/lib/schemas/images";
import { VisibilityBadge } from "./badges";
import { filtersToSearch, type ImageFilters } from "./image-filters";
import { SourceFailures } from "./source-failures";

const tabs: { value: ImageTab; label: string }[] = [
  { value: "owned", label: "Owned" },
  { value: "shared", label: "Shared with me" },
  { value: "invitations", label: "Invitations" },
  { value: "rejected", label: "Rejected" },
  { value: "public", label: "Public/Community" },
];

const emptyText: Record<ImageTab, string> = {
  owned: "This project owns no image here. Upload one with `openstack image create`, then come back to share it.",
  shared: "No image of another project is shared with this project and accepted. Accept invitations in the inbox.",
  invitations: "No pending invitation. When another project shares an image with this one, it appears here and in the inbox.",
  rejected: "No rejected invitation. Images you reject stay here, and can still be accepted later from the inbox.",
  public: "No image is visible to everybody in this region.",
};

const statuses = ["active", "queued", "saving", "uploading", "importing", "deactivated", "killed", "deleted"];
const diskFormats = ["raw", "qcow2", "vmdk", "vdi", "vhd", "vhdx", "iso", "ploop", "aki", "ari", "ami"];
const sorts = [
  ["name:asc", "Name A→Z"],
  ["name:desc", "Name Z→A"],
  ["created_at:desc", "Newest first"],
  ["created_at:asc", "Oldest first"],
  ["updated_at:desc", "Recently updated"],
  ["size:desc", "Largest first"],
  ["size:asc", "Smallest first"],
] as const;

const rowKey = (i: ImageSummaryDto) => `${i.source.connectionId}|${i.source.region}|${i.id}`;
export const imageHref = (i: Pick<ImageSummaryDto, "id" | "source">) =>
  `/images/${encodeURIComponent(i.id)}?${new URLSearchParams({ connection: i.source.connectionId, region: i.source.region })}`;

const canShareFrom = (c: ConnectionDto | undefined) => !!c && c.status === "active" && !c.readOnly;

export function ImageBrowser({ initial }: { initial: ImageFilters }) {
  const [filters, setFilters] = useState(initial);
  const [selected, setSelected] = useState<Map<string, ImageSummaryDto>>(new Map());
  const router = useRouter();
  const panelId = useId();
  const q = useDebouncedValue(filters.q.trim());
  const set = (patch: Partial<ImageFilters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setSelected(new Map());
  };

  useEffect(() => {
    window.history.replaceState(null, "", `/images${filtersToSearch(filters)}`);
  }, [filters]);

  const { data: connectionsData } = useQuery(connectionsQueryOptions());
  const connections = connectionsData?.connections ?? [];
  const connectionOf = (id: string) => connections.find((c) => c.id === id);
  const regions = [...new Set(connections.filter((c) => filters.connection === "all" || c.id === filters.connection).flatMap((c) => c.regions))];

  const list = useInfiniteQuery({
    ...imageListQueryOptions({
      connection: filters.connection,
      region: filters.region,
      tab: filters.tab,
      q: q || undefined,
      status: filters.status || undefined,
      visibility: filters.visibility || undefined,
      diskFormat: filters.diskFormat || undefined,
      sort: filters.sort,
    }),
  });
  const images = list.data?.pages.flatMap((p) => p.images) ?? [];
  const failures = list.data?.pages.at(-1)?.failures ?? [];
  const scanned = list.data?.pages.reduce((n, p) => n + p.scanned, 0) ?? 0;
  const wide = filters.connection === "all" || filters.region === "all";
  const shareable = filters.tab === "owned";
  const selection = [...selected.values()];
  const selectionConnections = new Set(selection.map((i) => i.source.connectionId));

  if (connectionsData && connections.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
        <h2 className="text-lg font-semibold">No project connected</h2>
        <p className="mt-1 text-sm text-slate-600">Connect a project to list its images and share them.</p>
        <Link href="/connect" className="mt-4 inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          Connect a project
        </Link>
      </div>
    );
  }

  const toggle = (image: ImageSummaryDto) =>
    setSelected((s) => {
      const next = new Map(s);
      if (next.has(rowKey(image))) next.delete(rowKey(image));
      else next.set(rowKey(image), image);
      return next;
    });

  const shareSelected = () => {
    const [first] = selection;
    if (!first) return;
    const params = new URLSearchParams({
      connection: first.source.connectionId,
      images: selection.map((i) => `${i.source.region}:${i.id}`).join(","),
    });
    router.push(`/share?${params}`);
  };

  const columns = 7 + (wide ? 1 : 0) + (shareable ? 1 : 0);
  return (
    <div className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <SelectField label="Project" value={filters.connection} onChange={(e) => set({ connection: e.target.value, region: "all" })}>
          <option value="all">All connected projects</option>
          {connections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.project.name} ({c.user.name}){c.status === "expired" ? " · expired" : ""}
            </option>
          ))}
        </SelectField>
        <SelectField label="Region" value={filters.region} onChange={(e) => set({ region: e.target.value })}>
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
          onChange={(e) => set({ q: e.target.value })}
        />
        <SelectField label="Sort" value={filters.sort} onChange={(e) => set({ sort: e.target.value as ImageFilters["sort"] })}>
          {sorts.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
        <SelectField label="Status" value={filters.status} onChange={(e) => set({ status: e.target.value })}>
          <option value="">Any status</option>
          {statuses.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </SelectField>
        {(filters.tab === "owned" || filters.tab === "public") && (
          <SelectField label="Visibility" value={filters.visibility} onChange={(e) => set({ visibility: e.target.value as ImageFilters["visibility"] })}>
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
        <SelectField label="Disk format" value={filters.diskFormat} onChange={(e) => set({ diskFormat: e.target.value })}>
          <option value="">Any disk format</option>
          {diskFormats.map((f) => (
            <option key={f}>{f}</option>
          ))}
        </SelectField>
      </div>

      <Tabs label="Images by relation to the project" tabs={tabs} selected={filters.tab} onSelect={(tab) => set({ tab, visibility: "" })} panelId={panelId} />

      <div id={panelId} role="tabpanel" aria-labelledby={`${panelId}-tab-${filters.tab}`} className="space-y-3">
        <SourceFailures failures={failures} />
        {list.error && <Alert tone="error">{list.error.message}</Alert>}
        {shareable && (
          <div className="flex min-h-10 flex-wrap items-center gap-3 text-sm">
            <Button onClick={shareSelected} disabled={selection.length === 0 || selectionConnections.size > 1}>
              Share {selection.length > 0 ? `${selection.length} selected` : "selected"}
            </Button>
            <span className="text-slate-600" aria-live="polite">
              {selectionConnections.size > 1
                ? "Images of one project at a time: the wizard shares as one owner."
                : selection.length === 0
                  ? "Tick images to share them, or open one to manage its members."
                  : ""}
            </span>
          </div>
        )}
        <DataTable
          caption={`${tabs.find((t) => t.value === filters.tab)!.label} images`}
          columns={
            <>
              {shareable && (
                <Column className="w-8 py-2">
                  <span className="sr-only">Select</span>
                </Column>
              )}
              <Column>Name</Column>
              {wide && <Column>Project · region</Column>}
              <Column>Owner</Column>
              <Column>Status</Column>
              <Column>Visibility</Column>
              <Column>Disk format</Column>
              <Column className="py-2 pr-4 text-right">Size</Column>
              <Column>Created</Column>
            </>
          }
          loading={list.isPending && list.fetchStatus !== "idle"}
          empty={
            images.length === 0 &&
            !list.isPending &&
            (q || filters.status || filters.visibility || filters.diskFormat
              ? `No image matches these filters${list.hasNextPage ? " in the images read so far" : ""}.`
              : emptyText[filters.tab])
          }
          columnCount={columns}
          skeletonRows={6}
        >
          {images.map((image) => {
            const source = connectionOf(image.source.connectionId);
            return (
              <tr key={rowKey(image)} className="h-12">
                {shareable && (
                  <td className="py-2">
                    {canShareFrom(source) && (image.visibility === "private" || image.visibility === "shared") ? (
                      <input
                        type="checkbox"
                        className="size-4"
                        aria-label={`Select ${image.name ?? image.id} (${image.source.projectName}, ${image.source.region})`}
                        checked={selected.has(rowKey(image))}
                        onChange={() => toggle(image)}
                      />
                    ) : null}
                  </td>
                )}
                <th scope="row" className="py-2 pr-4 text-left font-normal">
                  <Link href={imageHref(image)} className="font-medium text-brand-700 hover:underline">
                    {image.name ?? <span className="italic">unnamed</span>}
                  </Link>
                  <span className="block font-mono text-xs text-slate-500">{image.id}</span>
                </th>
                {wide && (
                  <td className="py-2 pr-4">
                    {image.source.projectName}
                    <span className="block text-xs text-slate-500">{image.source.region}</span>
                  </td>
                )}
                <td className="py-2 pr-4">
                  {image.owner === image.source.projectId ? (
                    "this project"
                  ) : (
                    <>
                      {image.ownerName ?? <span className="text-slate-500">not connected</span>}
                      <span className="block font-mono text-xs text-slate-500">{image.owner}</span>
                    </>
                  )}
                </td>
                <td className="py-2 pr-4">{image.status}</td>
                <td className="py-2 pr-4">
                  <VisibilityBadge visibility={image.visibility} />
                </td>
                <td className="py-2 pr-4">{image.diskFormat ?? "—"}</td>
                <td className="py-2 pr-4 text-right tabular-nums whitespace-nowrap">{formatBytes(image.size)}</td>
                <td className="py-2 whitespace-nowrap">{formatDate(image.createdAt)}</td>
              </tr>
            );
          })}
        </DataTable>
        <div className="flex min-h-10 items-center justify-between gap-3 text-sm text-slate-600">
          <p aria-live="polite">
            {list.data &&
              `${images.length} image${images.length === 1 ? "" : "s"} shown${q ? ` · ${scanned} read from Glance` : ""}${list.hasNextPage ? " · more available" : ""}`}
          </p>
          {list.hasNextPage && (
            <Button tone="secondary" busy={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
              Load more images
            </Button>
          )}
        </div>
      </div>
    </div>
  );
}
