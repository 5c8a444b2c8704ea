"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";

import { VisibilityBadge } from "@/components/common/badges";
import { LoadMore } from "@/components/ui/button";
import { Column, DataTable } from "@/components/ui/data-table";
import { TextField } from "@/components/ui/field";
import { useFormat } from "@/lib/i18n/use-format";
import { imageListQueryOptions } from "@/lib/queries/images";
import type { PlanImage } from "@/lib/share/plan";
import { useDebouncedValue } from "@/lib/use-debounced-value";

export const planImageKey = (i: Pick<PlanImage, "region" | "id">) => `${i.region}:${i.id}`;

/** Step 1: tick the owner project's images to share, in any of its regions. */
export function ShareImagesStep({
  connectionId,
  selected,
  onToggle,
}: {
  connectionId: string;
  selected: Map<string, PlanImage>;
  onToggle: (image: PlanImage) => void;
}) {
  const t = useTranslations("share.images");
  const table = useTranslations("images.table");
  const format = useFormat();
  const [search, setSearch] = useState("");
  const q = useDebouncedValue(search.trim());
  const list = useInfiniteQuery(
    imageListQueryOptions({
      connection: connectionId,
      region: "all",
      tab: "owned",
      q: q || undefined,
      sort: "name:asc",
    }),
  );
  const images = list.data?.pages.flatMap((p) => p.images) ?? [];
  return (
    <div className="space-y-3">
      <TextField
        label={t("search")}
        type="search"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <DataTable
        error={list.error}
        caption={t("caption")}
        columns={
          <>
            <Column className="w-8 py-2">
              <span className="sr-only">{table("select")}</span>
            </Column>
            <Column>{table("name")}</Column>
            <Column>{t("region")}</Column>
            <Column>{table("visibility")}</Column>
            <Column className="py-2 text-right">{table("size")}</Column>
          </>
        }
        frame="scroll"
        loading={list.isPending}
        empty={images.length === 0 && (q ? t("noMatch") : t("none"))}
        columnCount={5}
        skeletonRows={4}
      >
        {images.map((image) => {
          const plan: PlanImage = {
            id: image.id,
            name: image.name,
            region: image.source.region,
            visibility: image.visibility,
          };
          return (
            <tr key={planImageKey(plan)} className="h-11">
              <td>
                <input
                  type="checkbox"
                  className="size-4"
                  aria-label={t("select", {
                    name: image.name ?? image.id,
                    region: image.source.region,
                  })}
                  checked={selected.has(planImageKey(plan))}
                  onChange={() => onToggle(plan)}
                />
              </td>
              <th scope="row" className="py-2 pr-4 text-left font-medium">
                {image.name ?? image.id}
              </th>
              <td className="py-2 pr-4">{image.source.region}</td>
              <td className="py-2 pr-4">
                <VisibilityBadge visibility={image.visibility} />
              </td>
              <td className="py-2 text-right tabular-nums">{format.bytes(image.size)}</td>
            </tr>
          );
        })}
      </DataTable>
      <LoadMore list={list} />
    </div>
  );
}
