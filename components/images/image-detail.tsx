"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import type { ReactNode } from "react";

import { VisibilityBadge } from "@/components/common/badges";
import { LaunchPanel } from "@/components/instances/launch-panel";
import { CopyPanel } from "@/components/transfers/copy-panel";
import { Alert } from "@/components/ui/alert";
import { Panel } from "@/components/ui/panel";
import { useFormat } from "@/lib/i18n/use-format";
import { imageDetailQueryOptions } from "@/lib/queries/images";
import type { ImageLocation } from "@/lib/schemas/images";

import { ImportHistory, importRunning } from "./import-history";
import { VisibilityPanel } from "./visibility-panel";

function Field({
  label,
  children,
  mono = false,
}: {
  label: string;
  children: ReactNode;
  mono?: boolean;
}) {
  return (
    <div className="min-w-0">
      <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className={`mt-0.5 break-all ${mono ? "font-mono text-xs" : ""}`}>{children}</dd>
    </div>
  );
}

/** Everything a person checks before trusting an image, and for its owner, who may use it. */
export function ImageDetail({ location, imageId }: { location: ImageLocation; imageId: string }) {
  const t = useTranslations("image");
  const format = useFormat();
  const {
    data: image,
    error,
    isPending,
  } = useQuery({
    ...imageDetailQueryOptions(location, imageId),
    refetchInterval: (query) => (importRunning(query.state.data) ? 3000 : false),
  });
  if (error) {
    return (
      <Alert tone="error" title={t("cannotShow")}>
        {error.message}{" "}
        <Link href="/images" className="underline">
          {t("backToImages")}
        </Link>
      </Alert>
    );
  }
  if (isPending) {
    return (
      <div
        aria-busy="true"
        aria-label={t("loading")}
        className="h-64 animate-pulse rounded-lg border border-slate-200 bg-surface motion-reduce:animate-none"
      />
    );
  }
  const shareHref = `/share?${new URLSearchParams({ connection: location.connection, images: `${location.region}:${image.id}` })}`;
  const properties = Object.entries(image.properties);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold text-brand-900">{image.name ?? t("unnamed")}</h1>
          <p className="text-sm text-slate-600">
            {t("seenBy", { project: image.source.projectName, region: image.source.region })}{" "}
            {image.isOwner
              ? t("ownedByThis")
              : t("ownedBy", { owner: image.ownerName ?? t("notConnectedOwner") })}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          {image.canDownload && (
            // A plain link: the browser streams the file to disk itself, with its own progress.
            <a
              href={`/api/images/${encodeURIComponent(image.id)}/file?${new URLSearchParams(location)}`}
              download
              className="rounded-md border border-slate-300 bg-surface px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50"
            >
              {t("download", { size: format.bytes(image.size) })}
            </a>
          )}
          {image.canManage && (image.visibility === "private" || image.visibility === "shared") && (
            <Link
              href={shareHref}
              className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-800"
            >
              {t("share")}
            </Link>
          )}
        </div>
      </div>

      <Panel title={t("details")} heading="hidden" spacing="">
        <dl className="grid gap-4 text-sm sm:grid-cols-2 lg:grid-cols-3">
          <Field label={t("fields.id")} mono>
            {image.id}
          </Field>
          <Field label={t("fields.owner")} mono>
            {image.owner ?? "—"}
            {image.ownerName && (
              <span className="ml-1 font-sans text-slate-600">({image.ownerName})</span>
            )}
          </Field>
          <Field label={t("fields.status")}>{image.status}</Field>
          <Field label={t("fields.visibility")}>
            <VisibilityBadge visibility={image.visibility} />
          </Field>
          <Field label={t("fields.size")}>
            {format.bytes(image.size)}
            {image.size !== null && (
              <span className="text-slate-500"> {t("fields.bytes", { bytes: image.size })}</span>
            )}
          </Field>
          <Field label={t("fields.virtualSize")}>{format.bytes(image.virtualSize)}</Field>
          <Field label={t("fields.diskFormat")}>{image.diskFormat ?? "—"}</Field>
          <Field label={t("fields.containerFormat")}>{image.containerFormat ?? "—"}</Field>
          <Field label={t("fields.checksum")} mono>
            {image.checksum ?? "—"}
          </Field>
          <Field label={t("fields.hashAlgo")}>{image.hashAlgo ?? "—"}</Field>
          <Field label={t("fields.hashValue")} mono>
            {image.hashValue ?? "—"}
            {image.hashValue && image.hashAlgo === "sha512" && (
              <span className="mt-1 block font-sans text-xs text-slate-600">
                {t.rich("fields.checkDownload", {
                  code: (chunks) => <code className="font-mono">{chunks}</code>,
                  command: `sha512sum '${image.name ?? image.id}${image.diskFormat ? `.${image.diskFormat}` : ""}'`,
                })}
              </span>
            )}
          </Field>
          <Field label={t("fields.minDisk")}>
            {t("fields.minDiskValue", { n: image.minDisk })}
          </Field>
          <Field label={t("fields.minRam")}>{t("fields.minRamValue", { n: image.minRam })}</Field>
          <Field label={t("fields.protected")}>
            {image.protected ? t("fields.yes") : t("fields.no")}
          </Field>
          <Field label={t("fields.tags")}>
            {image.tags.length > 0 ? image.tags.join(", ") : "—"}
          </Field>
          <Field label={t("fields.created")}>{format.date(image.createdAt)}</Field>
          <Field label={t("fields.updated")}>{format.date(image.updatedAt)}</Field>
          {image.hidden && <Field label={t("fields.hidden")}>{t("fields.hiddenValue")}</Field>}
        </dl>
        {properties.length > 0 && (
          <details className="mt-4 text-sm">
            <summary className="cursor-pointer font-medium">
              {t("otherProperties", { count: properties.length })}
            </summary>
            <dl className="mt-2 grid gap-2 sm:grid-cols-2">
              {properties.map(([key, value]) => (
                <Field key={key} label={key} mono>
                  {value}
                </Field>
              ))}
            </dl>
          </details>
        )}
      </Panel>

      <ImportHistory image={image} />
      <CopyPanel image={image} />
      <LaunchPanel image={image} />
      {image.isOwner && <VisibilityPanel image={image} />}
      {image.isOwner && !image.canManage && <Alert tone="info">{t("readOnly")}</Alert>}
    </div>
  );
}
