"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import type { ReactNode } from "react";

import { HiddenBadge, VisibilityBadge } from "@/components/common/badges";
import { imageHref } from "@/components/common/image-link";
import { Column, DataTable } from "@/components/ui/data-table";
import { useFormat } from "@/lib/i18n/use-format";
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
  const t = useTranslations("images.table");
  const format = useFormat();
  return (
    <DataTable
      caption={caption}
      columns={
        <>
          {selection && (
            <Column className="w-8 py-2">
              <span className="sr-only">{t("select")}</span>
            </Column>
          )}
          <Column>{t("name")}</Column>
          {wide && <Column>{t("projectRegion")}</Column>}
          <Column>{t("owner")}</Column>
          <Column>{t("status")}</Column>
          <Column>{t("visibility")}</Column>
          <Column>{t("diskFormat")}</Column>
          <Column className="py-2 pr-4 text-right">{t("size")}</Column>
          <Column>{t("created")}</Column>
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
                  aria-label={t("selectImage", {
                    name: image.name ?? image.id,
                    project: image.source.projectName,
                    region: image.source.region,
                  })}
                  checked={selection.isSelected(image)}
                  onChange={() => selection.toggle(image)}
                />
              ) : null}
            </td>
          )}
          <th scope="row" className="py-2 pr-4 text-left font-normal">
            <Link href={imageHref(image)} className="font-medium text-brand-700 hover:underline">
              {image.name ?? <span className="italic">{t("unnamed")}</span>}
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
              t("thisProject")
            ) : (
              <>
                {image.ownerName ?? <span className="text-slate-500">{t("notConnected")}</span>}
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
            {format.bytes(image.size)}
          </td>
          <td className="py-2 whitespace-nowrap">{format.date(image.createdAt)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
