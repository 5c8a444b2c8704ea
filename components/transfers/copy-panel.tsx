"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";

import { Button } from "@/components/ui/button";
import type { ImageDetailDto } from "@/lib/schemas/images";

import { CopyForm, notCopyable } from "./copy-form";
import { TransferList } from "./transfer-list";

/** "Copy to…" on an image's page: copy or move it into other connected projects and regions, reviewed first. */
export function CopyPanel({ image }: { image: ImageDetailDto }) {
  const t = useTranslations("copy");
  const [open, setOpen] = useState(false);
  const panelId = useId();
  // Glance lets a reader-only (or expired) connection read the image, not its data.
  const canCopy = image.canDownload && image.size !== null;
  return (
    <section
      aria-labelledby={`${panelId}-heading`}
      className="space-y-3 rounded-lg border border-slate-200 bg-surface p-4"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={`${panelId}-heading`} className="text-lg font-semibold">
          {t("panel.heading")}
        </h2>
        <Button
          tone="secondary"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen((o) => !o)}
          disabled={!canCopy}
        >
          {open ? t("panel.close") : t("panel.open")}
        </Button>
      </div>
      {!canCopy && <p className="text-sm text-slate-600">{notCopyable(image, t)}</p>}
      <div id={panelId} hidden={!open}>
        {open && <CopyForm images={[image]} />}
      </div>
      <TransferList
        caption={t("panel.transfers", { image: image.name ?? image.id })}
        filter={(transfer) => transfer.source.imageId === image.id}
        compact
      />
    </section>
  );
}
