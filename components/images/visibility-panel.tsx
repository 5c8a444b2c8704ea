"use client";

import Link from "next/link";
import { useCallback, useState } from "react";

import { VisibilityBadge } from "@/components/common/badges";
import { useReport } from "@/components/common/use-report";
import { ServersOnImage } from "@/components/instances/servers-on-image";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Panel } from "@/components/ui/panel";
import { useChangeImage } from "@/lib/queries/images";
import type { ImageDetailDto } from "@/lib/schemas/images";

/** Private ⇄ shared for an owned image, saying what happens to its members each way. */
export function VisibilityPanel({ image }: { image: ImageDetailDto }) {
  const change = useChangeImage();
  const report = useReport();
  const [confirming, setConfirming] = useState(false);
  const [ready, setReady] = useState(false);
  const onReady = useCallback((r: boolean) => setReady(r), []);
  const location = { connection: image.source.connectionId, region: image.source.region };
  const name = image.name ?? image.id;
  const run = (visibility: "private" | "shared") =>
    change.mutate(
      { location, imageId: image.id, change: { visibility } },
      {
        onSuccess: (result) =>
          report.done(
            visibility === "private"
              ? `${name} is private: its members lost access.`
              : `${name} is shared: members, if any, have their access back.`,
            result,
          ),
        onError: report.failed,
      },
    );

  const hide = (hidden: boolean) =>
    change.mutate(
      { location, imageId: image.id, change: { hidden } },
      {
        onSuccess: (result) =>
          report.done(
            hidden ? `${name} is hidden from image lists.` : `${name} is listed again.`,
            result,
          ),
        onError: report.failed,
      },
    );

  return (
    <Panel
      title={
        <>
          Visibility: <VisibilityBadge visibility={image.visibility} />
        </>
      }
      spacing="space-y-2"
    >
      {image.visibility === "shared" && (
        <>
          <p className="text-sm text-slate-600">
            Members you invite can use this image once they accept.
          </p>
          {image.canManage && (
            <Button tone="danger" busy={change.isPending} onClick={() => setConfirming(true)}>
              Make private
            </Button>
          )}
        </>
      )}
      {image.visibility === "private" && (
        <>
          <p className="text-sm text-slate-600">
            Only this project can use it. If it had members, Glance keeps them, hidden and without
            access; making the image shared again gives them back their access with the status they
            had.
          </p>
          {image.canManage && (
            <Button busy={change.isPending} onClick={() => run("shared")}>
              Make shared
            </Button>
          )}
        </>
      )}
      {(image.visibility === "public" || image.visibility === "community") && (
        <p className="text-sm text-slate-600">
          {image.visibility === "public"
            ? "Every project of the cloud"
            : "Any project that asks for it"}{" "}
          can use this image already; Glance gives {image.visibility} images no members.
        </p>
      )}
      {image.isOwner && (
        <div className="space-y-2 border-t border-slate-200 pt-3">
          <p className="text-sm text-slate-600">
            {image.hidden
              ? "Hidden from image lists (os_hidden): other tools list it only when asked for hidden images. It works as before for everyone who may use it."
              : "Listed in image lists. Hiding it (os_hidden) keeps it working for everyone who uses it, but other tools stop listing it: do it for an old version."}
          </p>
          {image.canManage && (
            <div className="flex flex-wrap gap-2">
              <Button tone="secondary" busy={change.isPending} onClick={() => hide(!image.hidden)}>
                {image.hidden ? "Show in lists again" : "Hide from lists"}
              </Button>
              {image.visibility === "shared" && (
                <Link
                  href={`/rollout?${new URLSearchParams({ ...location, image: image.id })}`}
                  className="rounded-md border border-slate-300 px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50"
                >
                  Roll out a new version
                </Link>
              )}
            </div>
          )}
        </div>
      )}
      <ConfirmDialog
        open={confirming}
        title={`Make ${name} private?`}
        confirmLabel="Make private"
        confirmDisabled={!ready}
        onConfirm={() => run("private")}
        onClose={() => {
          setConfirming(false);
          setReady(false);
        }}
      >
        <p>
          Every member project loses access at once: the image leaves their lists, and their
          instances built from it may fail to rebuild or migrate.
        </p>
        {confirming && (
          <ServersOnImage
            location={location}
            imageId={image.id}
            affected="members"
            consequence="Every member loses the image its servers were booted from."
            onReady={onReady}
          />
        )}
        <p>
          Glance keeps the memberships; making the image shared again restores them with their
          statuses.
        </p>
      </ConfirmDialog>
    </Panel>
  );
}
