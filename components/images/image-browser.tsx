"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useId, useState } from "react";

import { SourceFailures } from "@/components/common/source-failures";
import { Alert } from "@/components/ui/alert";
import { Button, LoadMore } from "@/components/ui/button";
import { Tabs } from "@/components/ui/tabs";
import { imageListQueryOptions } from "@/lib/queries/images";
import { connectionsQueryOptions } from "@/lib/queries/projects";
import type { ImageTab } from "@/lib/schemas/images";
import { useDebouncedValue } from "@/lib/use-debounced-value";

import { filtersToSearch, type ImageFilters } from "./image-filters";
import { ImageFiltersBar } from "./image-filters-bar";
import { ImageTable } from "./image-table";
import { useImageSelection } from "./use-image-selection";

type Selection = ReturnType<typeof useImageSelection>;

const tabs: ImageTab[] = ["owned", "shared", "invitations", "rejected", "public"];

/** Every connected project's images, by tab, filtered and sorted, paged along Glance's own pages. */
export function ImageBrowser({ initial }: { initial: ImageFilters }) {
  const t = useTranslations("images");
  const [filters, setFilters] = useState(initial);
  const panelId = useId();
  const q = useDebouncedValue(filters.q.trim());
  const { data: connectionsData } = useQuery(connectionsQueryOptions());
  const connections = connectionsData?.connections ?? [];
  const selection = useImageSelection(connections, filters.tab);
  const set = (patch: Partial<ImageFilters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    selection.clear();
  };

  useEffect(() => {
    window.history.replaceState(null, "", `/images${filtersToSearch(filters)}`);
  }, [filters]);

  const list = useInfiniteQuery(
    imageListQueryOptions({
      connection: filters.connection,
      region: filters.region,
      tab: filters.tab,
      q: q || undefined,
      status: filters.status || undefined,
      visibility: filters.visibility || undefined,
      diskFormat: filters.diskFormat || undefined,
      listing: filters.listing,
      sort: filters.sort,
    }),
  );
  const images = list.data?.pages.flatMap((p) => p.images) ?? [];
  const failures = list.data?.pages.at(-1)?.failures ?? [];
  // Sources the first page did not wait for are read by the next page, asked for at once.
  const late = list.data?.pages.at(-1)?.late ?? [];
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  useEffect(() => {
    if (late.length > 0 && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [late.length, hasNextPage, isFetchingNextPage, fetchNextPage]);
  const scanned = list.data?.pages.reduce((n, p) => n + p.scanned, 0) ?? 0;
  const filtered =
    q || filters.status || filters.visibility || filters.diskFormat || filters.listing === "hidden";

  return (
    <div className="space-y-4">
      <ImageFiltersBar filters={filters} connections={connections} onChange={set} />
      <Tabs
        label={t("tabs.label")}
        tabs={tabs.map((tab) => ({ value: tab, label: t(`tabs.${tab}`) }))}
        selected={filters.tab}
        onSelect={(tab) => set({ tab, visibility: "" })}
        panelId={panelId}
      />

      <div
        id={panelId}
        role="tabpanel"
        aria-labelledby={`${panelId}-tab-${filters.tab}`}
        className="space-y-3"
      >
        <SourceFailures failures={failures} />
        {late.length > 0 && (
          <p
            role="status"
            className="rounded border border-slate-200 bg-surface px-3 py-2 text-sm text-slate-700"
          >
            {t("late", {
              sources: late.map((s) => `${s.projectName} (${s.region})`).join(", "),
              count: late.length,
            })}
          </p>
        )}
        {list.error && <Alert tone="error">{list.error.message}</Alert>}
        {(selection.share.offered || selection.copy.offered) && (
          <SelectionBar selection={selection} tab={filters.tab} />
        )}
        <ImageTable
          caption={t(`caption.${filters.tab}`)}
          images={images}
          wide={filters.connection === "all" || filters.region === "all"}
          loading={list.isPending && list.fetchStatus !== "idle"}
          empty={
            images.length === 0 &&
            !list.isPending &&
            (filtered
              ? list.hasNextPage
                ? t("noMatchSoFar")
                : t("noMatch")
              : t(`empty.${filters.tab}`))
          }
          selection={selection.share.offered || selection.copy.offered ? selection : undefined}
        />
        <div className="flex min-h-10 items-center justify-between gap-3 text-sm text-slate-600">
          <p aria-live="polite">
            {list.data &&
              [
                t("shown", { count: images.length }),
                ...(q ? [t("scanned", { count: scanned })] : []),
                ...(list.hasNextPage ? [t("more")] : []),
              ].join(" · ")}
          </p>
          <LoadMore list={list} />
        </div>
      </div>
    </div>
  );
}

/** What can be done with the ticked images, and why not when it cannot. */
function SelectionBar({ selection, tab }: { selection: Selection; tab: ImageTab }) {
  const t = useTranslations("images");
  const count = selection.images.length;
  const refusals = [
    selection.share.offered ? selection.share.refusal : null,
    selection.copy.refusal,
  ].filter(Boolean);
  return (
    <div className="flex min-h-10 flex-wrap items-center gap-3 text-sm">
      {selection.share.offered && (
        <Button
          onClick={selection.share.run}
          disabled={count === 0 || selection.share.refusal !== null}
        >
          {t("selection.share", { count })}
        </Button>
      )}
      <Button
        tone="secondary"
        onClick={selection.copy.run}
        disabled={count === 0 || selection.copy.refusal !== null}
      >
        {t("selection.copy", { count })}
      </Button>
      <span className="text-slate-600" aria-live="polite">
        {count === 0
          ? tab === "owned"
            ? t("selection.hintOwned")
            : t("selection.hintOther")
          : refusals.join(" ")}
      </span>
    </div>
  );
}
