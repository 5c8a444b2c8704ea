"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";

import { VisibilityBadge } from "@/components/common/badges";
import { LoadMore } from "@/components/ui/button";
import { Column, DataTable } from "@/components/ui/data-table";
import { TextField } from "@/components/ui/field";
import { formatBytes } from "@/lib/format";
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
        label="Search this project's images"
        type="search"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <DataTable
        error={list.error}
        caption="Images owned by the project"
        columns={
          <>
            <Column className="w-8 py-2">
              <span className="sr-only">Select</span>
            </Column>
            <Column>Name</Column>
            <Column>Region</Column>
            <Column>Visibility</Column>
            <Column className="py-2 text-right">Size</Column>
          </>
        }
        frame="scroll"
        loading={list.isPending}
        empty={
          images.length === 0 &&
          (q ? "No image of this project matches." : "This project owns no image to share.")
        }
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
                  aria-label={`Select ${image.name ?? image.id} (${image.source.region})`}
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
              <td className="py-2 text-right tabular-nums">{formatBytes(image.size)}</td>
            </tr>
          );
        })}
      </DataTable>
      <LoadMore list={list} />
    </div>
  );
}
