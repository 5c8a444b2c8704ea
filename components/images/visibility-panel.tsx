"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";

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
  const t = useTranslations("visibility");
  const change = useChangeImage();
  const report = useReport();
  const [confirming, setConfirming] = useState(false);
  const [ready, setReady] = useState(false);
  const location = { connection: image.source.connectionId, region: image.source.region };
  const name = image.name ?? image.id;
  const run = (visibility: "private" | "shared") =>
    change.mutate(
      { location, imageId: image.id, change: { visibility } },
      {
        onSuccess: (result) =>
          report.done(
            visibility === "private"
              ? t("madePrivate", { image: name })
              : t("madeShared", { image: name }),
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
          report.done(hidden ? t("hidden", { image: name }) : t("listed", { image: name }), result),
        onError: report.failed,
      },
    );

  return (
    <Panel
      title={t.rich("title", { badge: () => <VisibilityBadge visibility={image.visibility} /> })}
      spacing="space-y-2"
    >
      {image.visibility === "shared" && (
        <>
          <p className="text-sm text-slate-600">{t("sharedText")}</p>
          {image.canManage && (
            <Button tone="danger" busy={change.isPending} onClick={() => setConfirming(true)}>
              {t("makePrivate")}
            </Button>
          )}
        </>
      )}
      {image.visibility === "private" && (
        <>
          <p className="text-sm text-slate-600">{t("privateText")}</p>
          {image.canManage && (
            <Button busy={change.isPending} onClick={() => run("shared")}>
              {t("makeShared")}
            </Button>
          )}
        </>
      )}
      {(image.visibility === "public" || image.visibility === "community") && (
        <p className="text-sm text-slate-600">
          {image.visibility === "public" ? t("public") : t("community")}
        </p>
      )}
      {image.isOwner && (
        <div className="space-y-2 border-t border-slate-200 pt-3">
          <p className="text-sm text-slate-600">
            {image.hidden ? t("hiddenText") : t("listedText")}
          </p>
          {image.canManage && (
            <div className="flex flex-wrap gap-2">
              <Button tone="secondary" busy={change.isPending} onClick={() => hide(!image.hidden)}>
                {image.hidden ? t("show") : t("hide")}
              </Button>
              {image.visibility === "shared" && (
                <Link
                  href={`/rollout?${new URLSearchParams({ ...location, image: image.id })}`}
                  className="rounded-md border border-slate-300 px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50"
                >
                  {t("rollout")}
                </Link>
              )}
            </div>
          )}
        </div>
      )}
      <ConfirmDialog
        open={confirming}
        title={t("confirm.title", { image: name })}
        confirmLabel={t("makePrivate")}
        confirmDisabled={!ready}
        onConfirm={() => run("private")}
        onClose={() => {
          setConfirming(false);
          setReady(false);
        }}
      >
        <p>{t("confirm.loses")}</p>
        {confirming && (
          <ServersOnImage
            location={location}
            imageId={image.id}
            affected="members"
            consequence={t("confirm.consequence")}
            onReady={setReady}
          />
        )}
        <p>{t("confirm.keeps")}</p>
      </ConfirmDialog>
    </Panel>
  );
}
