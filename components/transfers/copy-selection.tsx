"use client";

import { useQueries } from "@tanstack/react-query";
import { useTranslations } from "next-intl";

import { EmptyState } from "@/components/common/empty-state";
import { Alert } from "@/components/ui/alert";
import { imageDetailQueryOptions } from "@/lib/queries/images";
import type { SelectedImage } from "@/lib/transfers/selection";

import { CopyForm, notCopyable } from "./copy-form";
import { TransferList } from "./transfer-list";

/** "Copy to…" for images ticked in the list: each is read again here, and only active ones with data are offered. */
export function CopySelection({ selected }: { selected: SelectedImage[] }) {
  const t = useTranslations("copy");
  const details = useQueries({
    queries: selected.map((s) =>
      imageDetailQueryOptions({ connection: s.connection, region: s.region }, s.imageId),
    ),
  });
  if (selected.length === 0) {
    return (
      <EmptyState
        title={t("selection.none.title")}
        action={{ href: "/images", label: t("selection.none.action") }}
      >
        {t("selection.none.text")}
      </EmptyState>
    );
  }
  if (details.some((d) => d.isPending)) {
    return (
      <p role="status" className="text-sm text-slate-600">
        {t("selection.reading", { count: selected.length })}
      </p>
    );
  }
  const unreadable = details.flatMap((d, i) =>
    d.error ? [`${selected[i]!.imageId} (${selected[i]!.region}): ${d.error.message}`] : [],
  );
  const images = details.flatMap((d) => (d.data ? [d.data] : []));
  const copyable = images.filter((i) => i.canDownload && i.size !== null);
  const uncopyable = images.filter((i) => !copyable.includes(i));
  const ids = new Set(images.map((i) => i.id));
  return (
    <div className="space-y-4">
      {unreadable.length > 0 && (
        <Alert tone="error" title={t("selection.unreadable")}>
          <ul className="ml-4 list-disc">
            {unreadable.map((u) => (
              <li key={u}>{u}</li>
            ))}
          </ul>
        </Alert>
      )}
      {uncopyable.length > 0 && (
        <Alert tone="warning" title={t("selection.notCopied")}>
          <ul className="ml-4 list-disc">
            {uncopyable.map((i) => (
              <li key={i.id}>{notCopyable(i, t)}</li>
            ))}
          </ul>
        </Alert>
      )}
      {copyable.length > 0 && (
        <section
          aria-label={t("selection.label")}
          className="rounded-lg border border-slate-200 bg-surface p-4"
        >
          <CopyForm images={copyable} />
        </section>
      )}
      <TransferList
        caption={t("selection.transfers")}
        filter={(transfer) => ids.has(transfer.source.imageId)}
        compact
      />
    </div>
  );
}
