"use client";

import Link from "next/link";
import type { ReactNode } from "react";

import { HiddenBadge, VisibilityBadge } from "@/components/common/badges";
import { imageHref } from "@/components/common/image-link";
import { Column, DataTable } from "@/components/ui/data-table";
import { formatBytes, formatDate } from "@/lib/format";
import type { ImageSummaryDto } from "@/lib/schemas/images";

export const imageRowKey = (i: ImageSummaryDto) =>
  `${i.source.connectionId}|${i.source.region}|${i.id}`;

/** Images of one tab; with `selection`, the ones that can be shared or copied get a checkbox. */
export function ImageTable({
  caption,
  images,
  wide,
  loading,
  empty,
  selection,
}: {
  caption: string;
  images: ImageSummaryDto[];
  /** Several projects or regions at once: a column says which. */
  wide: boolean;
  loading: boolean;
  empty: ReactNode;
  selection?: {
    canSelect: (image: ImageSummaryDto) => boolean;
    isSelected: (image: ImageSummaryDto) => boolean;
    toggle: (image: ImageSummaryDto) => void;
  };
}) {
  return (
    <DataTable
      caption={caption}
      columns={
        <>
          {selection && (
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
      loading={loading}
      empty={empty}
      columnCount={7 + (wide ? 1 : 0) + (selection ? 1 : 0)}
      skeletonRows={6}
    >
      {images.map((image) => (
        <tr key={imageRowKey(image)} className="h-12">
          {selection && (
            <td className="py-2">
              {selection.canSelect(image) ? (
                <input
                  type="checkbox"
                  className="size-4"
                  aria-label={`Select ${image.name ?? image.id} (${image.source.projectName}, ${image.source.region})`}
                  checked={selection.isSelected(image)}
                  onChange={() => selection.toggle(image)}
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
            {image.hidden && <HiddenBadge />}
          </td>
          <td className="py-2 pr-4">{image.diskFormat ?? "—"}</td>
          <td className="py-2 pr-4 text-right tabular-nums whitespace-nowrap">
            {formatBytes(image.size)}
          </td>
          <td className="py-2 whitespace-nowrap">{formatDate(image.createdAt)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
