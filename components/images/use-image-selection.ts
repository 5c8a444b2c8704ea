"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ImageSummaryDto } from "@/lib/schemas/images";
import type { ConnectionDto } from "@/lib/schemas/projects";
import { imageRowKey } from "./image-table";

/** Owned images ticked for the share wizard, which shares as one owner project at a time. */
export function useImageSelection(connections: ConnectionDto[]) {
  const [selected, setSelected] = useState<Map<string, ImageSummaryDto>>(new Map());
  const router = useRouter();
  const images = [...selected.values()];
  const owners = new Set(images.map((i) => i.source.connectionId));
  return {
    images,
    severalOwners: owners.size > 1,
    clear: () => setSelected(new Map()),
    canSelect: (image: ImageSummaryDto) =>
      connections.some((c) => c.id === image.source.connectionId && c.canWrite) && (image.visibility === "private" || image.visibility === "shared"),
    isSelected: (image: ImageSummaryDto) => selected.has(imageRowKey(image)),
    toggle: (image: ImageSummaryDto) =>
      setSelected((s) => {
        const next = new Map(s);
        if (!next.delete(imageRowKey(image))) next.set(imageRowKey(image), image);
        return next;
      }),
    /** Opens the share wizard on the ticked images. */
    share: () => {
      const [first] = images;
      if (!first || owners.size > 1) return;
      router.push(`/share?${new URLSearchParams({ connection: first.source.connectionId, images: images.map((i) => `${i.source.region}:${i.id}`).join(",") })}`);
    },
  };
}
