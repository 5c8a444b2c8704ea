"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";

import type { ImageSummaryDto, ImageTab } from "@/lib/schemas/images";
import type { ConnectionDto } from "@/lib/schemas/projects";
import { MAX_TRANSFER_IMAGES } from "@/lib/schemas/transfers";
import { selectionParam } from "@/lib/transfers/selection";

import { imageRowKey } from "./image-table";

/** One action on the ticked images, with why it cannot be taken now (null: it can). */
interface SelectionAction {
  offered: boolean;
  refusal: string | null;
  run: () => void;
}

/**
 * Images ticked in the list: owned ones go to the share wizard (one owner project at a
 * time); owned or accepted ones can be copied into other projects and regions.
 */
export function useImageSelection(connections: ConnectionDto[], tab: ImageTab) {
  const t = useTranslations("images");
  const [selected, setSelected] = useState<Map<string, ImageSummaryDto>>(new Map());
  const router = useRouter();
  const images = [...selected.values()];
  const owners = new Set(images.map((i) => i.source.connectionId));
  // A reader-only project may neither share nor copy: Glance refuses it the image data too.
  const member = (image: ImageSummaryDto) =>
    connections.some((c) => c.id === image.source.connectionId && c.canWrite);
  const shareable = (image: ImageSummaryDto) =>
    tab === "owned" &&
    member(image) &&
    (image.visibility === "private" || image.visibility === "shared");
  const copyable = (image: ImageSummaryDto) =>
    (tab === "owned" || tab === "shared") &&
    member(image) &&
    image.status === "active" &&
    image.size !== null;

  const share: SelectionAction = {
    offered: tab === "owned",
    refusal: !images.every(shareable)
      ? t("selection.notShareable")
      : owners.size > 1
        ? t("selection.oneOwner")
        : null,
    run: () => {
      const [first] = images;
      if (!first) return;
      router.push(
        `/share?${new URLSearchParams({ connection: first.source.connectionId, images: images.map((i) => `${i.source.region}:${i.id}`).join(",") })}`,
      );
    },
  };
  const copy: SelectionAction = {
    offered: tab === "owned" || tab === "shared",
    refusal: !images.every(copyable)
      ? t("selection.notCopyable")
      : images.length > MAX_TRANSFER_IMAGES
        ? t("selection.tooMany", { max: MAX_TRANSFER_IMAGES })
        : null,
    run: () =>
      router.push(
        `/transfers/new?${new URLSearchParams({ images: selectionParam(images.map((i) => ({ connection: i.source.connectionId, region: i.source.region, imageId: i.id }))) })}`,
      ),
  };

  return {
    images,
    share,
    copy,
    clear: () => setSelected(new Map()),
    canSelect: (image: ImageSummaryDto) => shareable(image) || copyable(image),
    isSelected: (image: ImageSummaryDto) => selected.has(imageRowKey(image)),
    toggle: (image: ImageSummaryDto) =>
      setSelected((s) => {
        const next = new Map(s);
        if (!next.delete(imageRowKey(image))) next.set(imageRowKey(image), image);
        return next;
      }),
  };
}
