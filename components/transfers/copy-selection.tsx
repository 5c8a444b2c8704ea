"use client";

import { useQueries } from "@tanstack/react-query";

import { EmptyState } from "@/components/common/empty-state";
import { Alert } from "@/components/ui/alert";
import { imageDetailQueryOptions } from "@/lib/queries/images";
import type { SelectedImage } from "@/lib/transfers/selection";

import { CopyForm, notCopyable } from "./copy-form";
import { TransferList } from "./transfer-list";

/** "Copy to…" for images ticked in the list: each is read again here, and only active ones with data are offered. */
export function CopySelection({ selected }: { selected: SelectedImage[] }) {
  const details = useQueries({
    queries: selected.map((s) =>
      imageDetailQueryOptions({ connection: s.connection, region: s.region }, s.imageId),
    ),
  });
  if (selected.length === 0) {
    return (
      <EmptyState title="No image chosen" action={{ href: "/images", label: "Choose images" }}>
        Tick images in the image list (owned, or shared with you and accepted), then choose “Copy
        selected to…”.
      </EmptyState>
    );
  }
  if (details.some((d) => d.isPending)) {
    return (
      <p role="status" className="text-sm text-slate-600">
        Reading the {selected.length} chosen {selected.length === 1 ? "image" : "images"}…
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
        <Alert tone="error" title="Not copied: these could not be read">
          <ul className="ml-4 list-disc">
            {unreadable.map((u) => (
              <li key={u}>{u}</li>
            ))}
          </ul>
        </Alert>
      )}
      {uncopyable.length > 0 && (
        <Alert tone="warning" title="Not copied">
          <ul className="ml-4 list-disc">
            {uncopyable.map((i) => (
              <li key={i.id}>{notCopyable(i)}</li>
            ))}
          </ul>
        </Alert>
      )}
      {copyable.length > 0 && (
        <section
          aria-label="Copy to…"
          className="rounded-lg border border-slate-200 bg-surface p-4"
        >
          <CopyForm images={copyable} />
        </section>
      )}
      <TransferList
        caption="Transfers of these images"
        filter={(t) => ids.has(t.source.imageId)}
        compact
      />
    </div>
  );
}
