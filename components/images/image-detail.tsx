"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";

import { VisibilityBadge } from "@/components/common/badges";
import { LaunchPanel } from "@/components/instances/launch-panel";
import { CopyPanel } from "@/components/transfers/copy-panel";
import { Alert } from "@/components/ui/alert";
import { Panel } from "@/components/ui/panel";
import { formatBytes, formatDate } from "@/lib/format";
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
      <Alert tone="error" title="This image cannot be shown">
        {error.message}{" "}
        <Link href="/images" className="underline">
          Back to the images
        </Link>
      </Alert>
    );
  }
  if (isPending) {
    return (
      <div
        aria-busy="true"
        aria-label="Loading the image"
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
          <h1 className="text-2xl font-bold text-brand-900">{image.name ?? "Unnamed image"}</h1>
          <p className="text-sm text-slate-600">
            Seen by {image.source.projectName} in {image.source.region} ·{" "}
            {image.isOwner
              ? "owned by this project"
              : `owned by ${image.ownerName ?? "a project not connected here"}`}
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
              Download ({formatBytes(image.size)})
            </a>
          )}
          {image.canManage && (image.visibility === "private" || image.visibility === "shared") && (
            <Link
              href={shareHref}
              className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-800"
            >
              Share this image
            </Link>
          )}
        </div>
      </div>

      <Panel title="Image details" heading="hidden" spacing="">
        <dl className="grid gap-4 text-sm sm:grid-cols-2 lg:grid-cols-3">
          <Field label="ID" mono>
            {image.id}
          </Field>
          <Field label="Owner" mono>
            {image.owner ?? "—"}
            {image.ownerName && (
              <span className="ml-1 font-sans text-slate-600">({image.ownerName})</span>
            )}
          </Field>
          <Field label="Status">{image.status}</Field>
          <Field label="Visibility">
            <VisibilityBadge visibility={image.visibility} />
          </Field>
          <Field label="Size">
            {formatBytes(image.size)}
            {image.size !== null && <span className="text-slate-500"> ({image.size} bytes)</span>}
          </Field>
          <Field label="Virtual size">{formatBytes(image.virtualSize)}</Field>
          <Field label="Disk format">{image.diskFormat ?? "—"}</Field>
          <Field label="Container format">{image.containerFormat ?? "—"}</Field>
          <Field label="Checksum (MD5)" mono>
            {image.checksum ?? "—"}
          </Field>
          <Field label="Hash algorithm">{image.hashAlgo ?? "—"}</Field>
          <Field label="Hash value" mono>
            {image.hashValue ?? "—"}
            {image.hashValue && image.hashAlgo === "sha512" && (
              <span className="mt-1 block font-sans text-xs text-slate-600">
                Check a download:{" "}
                <code className="font-mono">
                  sha512sum{" "}
                  {`'${image.name ?? image.id}${image.diskFormat ? `.${image.diskFormat}` : ""}'`}
                </code>{" "}
                prints this value.
              </span>
            )}
          </Field>
          <Field label="Min disk">{image.minDisk} GB</Field>
          <Field label="Min RAM">{image.minRam} MB</Field>
          <Field label="Protected">{image.protected ? "yes" : "no"}</Field>
          <Field label="Tags">{image.tags.length > 0 ? image.tags.join(", ") : "—"}</Field>
          <Field label="Created">{formatDate(image.createdAt)}</Field>
          <Field label="Updated">{formatDate(image.updatedAt)}</Field>
          {image.hidden && <Field label="Hidden">yes (os_hidden)</Field>}
        </dl>
        {properties.length > 0 && (
          <details className="mt-4 text-sm">
            <summary className="cursor-pointer font-medium">
              Other properties ({properties.length})
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
      {image.isOwner && !image.canManage && (
        <Alert tone="info">
          This project is connected read-only (or its session expired): Glance would refuse changes
          from it.
        </Alert>
      )}
    </div>
  );
}
