"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useCallback, useMemo, useState } from "react";

import { ServersOnImage } from "@/components/instances/servers-on-image";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { TextField } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { oneAfterAnother, say } from "@/lib/i18n/sentence";
import { useFormat } from "@/lib/i18n/use-format";
import { useSentence } from "@/lib/i18n/use-sentence";
import { connectionsQueryOptions } from "@/lib/queries/projects";
import {
  targetUsageQueryOptions,
  transfersQueryOptions,
  useStartTransfers,
} from "@/lib/queries/transfers";
import type { ImageDetailDto } from "@/lib/schemas/images";
import type { ConnectionDto } from "@/lib/schemas/projects";
import {
  MAX_TRANSFER_PAIRS,
  MAX_TRANSFER_TARGETS,
  type TransferDto,
} from "@/lib/schemas/transfers";
import { toggled } from "@/lib/sets";
import { glanceDownloadCommands, transferCommands } from "@/lib/transfers/commands";
import { copiesProperty, leftBehind, type LeftBehindReason } from "@/lib/transfers/copy";
import { moveRefusal } from "@/lib/transfers/move";
import {
  durationParts,
  estimateSeconds,
  sessionsEndingFirst,
  transferProgress,
} from "@/lib/transfers/progress";
import { describeUsage, quotaRefusal } from "@/lib/transfers/quota";

interface Target {
  key: string;
  connection: ConnectionDto;
  region: string;
  /** Why it cannot receive a copy; null if it can. */
  refusal: string | null;
}

const placeKey = (connection: string, region: string) => `${connection}|${region}`;
const imageName = (image: ImageDetailDto) => image.name ?? image.id;
type CopyT = ReturnType<typeof useTranslations<"copy">>;

/** Every connected project × region but where a chosen image already is, with why one cannot receive a copy. */
function targetsFor(connections: ConnectionDto[], sources: Set<string>, t: CopyT): Target[] {
  return connections.flatMap((connection) =>
    connection.regions
      .filter((region) => !sources.has(placeKey(connection.id, region)))
      .map((region) => ({
        key: placeKey(connection.id, region),
        connection,
        region,
        refusal:
          connection.status === "expired"
            ? t("sessionExpired")
            : connection.readOnly
              ? t("readOnly", { roles: connection.roles.join(", ") })
              : null,
      })),
  );
}

/** The average rate of the latest verified transfer: what the review's estimate rests on. */
function measuredRate(transfers: TransferDto[] | undefined): number | null {
  const last = transfers?.find((t) => t.status === "verified");
  return last ? transferProgress(last).rate : null;
}

/** Why this image cannot be moved from where it was chosen; null if it can (the server's rule). */
const moveRefusalOf = (image: ImageDetailDto) =>
  moveRefusal({
    id: image.id,
    owned: image.isOwner,
    protected: image.protected,
    properties: image.properties,
    writable: image.canManage,
  });

/** Why this image's data cannot be copied from where it was chosen (when `canDownload` is false or it has none). */
export function notCopyable(image: ImageDetailDto, t: CopyT): string {
  if (image.status !== "active" || image.size === null)
    return t("notActive", { image: imageName(image), status: image.status });
  return t("noData", { project: image.source.projectName, image: imageName(image) });
}

/** "Copy to…" for one image or a selection: choose targets and options, review, start; each image goes to every target. */
export function CopyForm({ images }: { images: ImageDetailDto[] }) {
  const t = useTranslations("copy");
  const common = useTranslations("common");
  const writeSentence = useSentence();
  const format = useFormat();
  const { data: connections, error } = useQuery(connectionsQueryOptions());
  const { data: transfers } = useQuery(transfersQueryOptions());
  const start = useStartTransfers();
  const toast = useToast();
  const single = images.length === 1 ? images[0]! : null;
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [name, setName] = useState(single?.name ?? "");
  const [move, setMove] = useState(false);
  const [keepMembers, setKeepMembers] = useState(false);
  const [confirming, setConfirming] = useState(false);
  // Per image of a move: whether who runs on it has been looked up, and acknowledged.
  const [readiness, setReadiness] = useState<Record<string, boolean>>({});
  const readyFor = useCallback(
    (id: string) => (ready: boolean) =>
      setReadiness((prev) => (prev[id] === ready ? prev : { ...prev, [id]: ready })),
    [],
  );
  const sources = useMemo(
    () => new Set(images.map((i) => placeKey(i.source.connectionId, i.source.region))),
    [images],
  );
  const targets = useMemo(
    () => targetsFor(connections?.connections ?? [], sources, t),
    [connections, sources, t],
  );
  const picked = targets.filter((t) => chosen.has(t.key) && t.refusal === null);
  const noMove = images.flatMap((i) => {
    const refusal = moveRefusalOf(i);
    return refusal ? [say("plan.named", { image: imageName(i), reason: refusal })] : [];
  });
  const notOwned = images.filter((i) => !i.isOwner);
  const canKeepMembers = notOwned.length === 0;
  const sizes = images.map((i) => i.size ?? 0);
  const totalSize = sizes.reduce((a, b) => a + b, 0);
  const rate = measuredRate(transfers?.transfers);
  const seconds = estimateSeconds(totalSize, rate);
  const copies = images.length * picked.length;
  const commands =
    picked.length > 0
      ? images.flatMap((image) =>
          cliLines(image, connections?.connections ?? [], picked, {
            name: single ? name : undefined,
            move,
          }),
        )
      : [];
  // Every session the copies use: each image's project and each target's.
  const sessions = [
    ...new Map(
      [
        ...images.map((i) => connections?.connections.find((c) => c.id === i.source.connectionId)),
        ...picked.map((t) => t.connection),
      ]
        .filter((c): c is ConnectionDto => c !== undefined)
        .map((c) => [c.id, c]),
    ).values(),
  ];
  const endingFirst = sessionsEndingFirst(
    sessions,
    seconds !== null ? seconds * picked.length : null,
  );
  const sourceClouds = new Set(
    images.map(
      (i) => connections?.connections.find((c) => c.id === i.source.connectionId)?.cloud.name,
    ),
  );

  if (error)
    return <Alert tone="error">{t("connectionsFailed", { message: error.message })}</Alert>;
  if (!connections) return <p className="text-sm text-slate-600">{t("loadingConnections")}</p>;

  const hidden = connections.connections.flatMap((c) =>
    c.regions.filter((r) => sources.has(placeKey(c.id, r))).map((r) => `${c.project.name} · ${r}`),
  );
  const toggle = (key: string) => setChosen((old) => toggled(old, key));
  const run = () =>
    start.mutate(
      {
        images: images.map((i) => ({
          source: { connection: i.source.connectionId, region: i.source.region },
          imageId: i.id,
        })),
        targets: picked.map((t) => ({ connection: t.connection.id, region: t.region })),
        name: single ? name.trim() || undefined : undefined,
        move,
        keepMembers: keepMembers && canKeepMembers,
      },
      {
        onSuccess: (result) => {
          const what = single ? imageName(single) : t("images", { count: images.length });
          toast(
            "success",
            t("started", { move: String(move), what, count: result.transfers.length }),
          );
          setChosen(new Set());
        },
      },
    );
  const subject = single ? imageName(single) : t("images", { count: images.length });
  return (
    <>
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (move) setConfirming(true);
          else run();
        }}
      >
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">{t("targetsLegend")}</legend>
          {targets.length === 0 ? (
            <p className="mt-1 text-sm text-slate-600">
              {t.rich("noTargets", {
                link: (chunks) => (
                  <Link href="/projects/connect" className="underline">
                    {chunks}
                  </Link>
                ),
              })}
            </p>
          ) : (
            <ul className="mt-1 grid gap-1 sm:grid-cols-2">
              {targets.map((target) => (
                <li key={target.key}>
                  <label
                    className={`flex items-center gap-2 text-sm ${target.refusal ? "text-slate-500" : ""}`}
                  >
                    <input
                      type="checkbox"
                      checked={chosen.has(target.key) && !target.refusal}
                      disabled={target.refusal !== null}
                      onChange={() => toggle(target.key)}
                    />
                    {target.connection.project.name} · {target.region}
                    {!sourceClouds.has(target.connection.cloud.name) && (
                      <span className="text-slate-500">({target.connection.cloud.label})</span>
                    )}
                    {target.refusal && <span className="text-xs">— {target.refusal}</span>}
                  </label>
                </li>
              ))}
            </ul>
          )}
          {!single && hidden.length > 0 && (
            <p className="mt-1 text-xs text-slate-600">
              {t("notOffered", { places: hidden.join(", ") })}
            </p>
          )}
        </fieldset>
        {single && (
          <TextField
            label={t("name")}
            value={name}
            maxLength={255}
            onChange={(e) => setName(e.target.value)}
            hint={t("nameHint")}
          />
        )}
        <div>
          <label
            className={`flex items-center gap-2 text-sm ${canKeepMembers ? "" : "text-slate-500"}`}
          >
            <input
              type="checkbox"
              checked={keepMembers && canKeepMembers}
              disabled={!canKeepMembers}
              onChange={(e) => setKeepMembers(e.target.checked)}
            />
            {t("keepMembers", { single: String(single !== null) })}
          </label>
          {!canKeepMembers && (
            <p className="ml-6 text-xs text-slate-600">
              {single
                ? t("onlyOwnerSees")
                : t("onlyOwnerSeesMany", { images: notOwned.map(imageName).join(", ") })}
            </p>
          )}
        </div>
        <div>
          <label
            className={`flex items-center gap-2 text-sm ${noMove.length > 0 ? "text-slate-500" : ""}`}
          >
            <input
              type="checkbox"
              checked={move && noMove.length === 0}
              disabled={noMove.length > 0}
              onChange={(e) => setMove(e.target.checked)}
            />
            {t("move", { single: String(single !== null) })}
          </label>
          {noMove.length > 0 && (
            <p className="ml-6 text-xs text-slate-600">
              {t("cannotMove", {
                reasons: writeSentence(single ? moveRefusalOf(single)! : oneAfterAnother(noMove)),
              })}
            </p>
          )}
        </div>

        <section
          aria-label={t("review")}
          className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm"
        >
          <p>
            {t.rich("summary", {
              strong: (chunks) => <strong>{chunks}</strong>,
              size: format.bytes(totalSize),
              single: String(single !== null),
              images: images.length,
              places: picked.length,
              copies,
            })}
          </p>
          {single ? (
            <p>
              {t("copiedSingle", {
                facts: copiedFacts(single, t),
                members: membersLine(keepMembers && canKeepMembers, true, t),
              })}
            </p>
          ) : (
            <div>
              <p>
                {t("copiedMany", { members: membersLine(keepMembers && canKeepMembers, false, t) })}
              </p>
              <ul className="ml-4 list-disc" aria-label={t("imagesToCopy")}>
                {images.map((i) => (
                  <li key={`${i.source.connectionId}|${i.source.region}|${i.id}`}>
                    {t("imageLine", {
                      image: imageName(i),
                      project: i.source.projectName,
                      region: i.source.region,
                      size: format.bytes(i.size),
                      facts: copiedFacts(i, t),
                    })}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <LeftBehind images={images} />
          <p>
            {seconds !== null
              ? t("estimate", {
                  duration: common("duration", durationParts(seconds)),
                  single: String(single !== null),
                  rate: format.bytes(rate),
                })
              : t("noEstimate")}
          </p>
          {picked.length > 0 && endingFirst.length > 0 && (
            <p className="font-medium text-amber-900">
              {t.rich("sessionsEnd", {
                sessions: endingFirst
                  .map((c) =>
                    t("sessionEnds", { project: c.project.name, time: format.date(c.expiresAt) }),
                  )
                  .join(", "),
                likely: String(seconds !== null),
                link: (chunks) => (
                  <Link href="/projects" className="underline">
                    {chunks}
                  </Link>
                ),
              })}
            </p>
          )}
          {picked.length > 0 && (
            <div>
              <p>{t("quotaHeading")}</p>
              <ul className="ml-4 list-disc" aria-label={t("quotaLabel")}>
                {picked.map((target) => (
                  <TargetQuota key={target.key} target={target} sizes={sizes} />
                ))}
              </ul>
            </div>
          )}
          {move && (
            <p className="font-medium text-red-800">
              {single
                ? t("deleteSingle", {
                    project: single.source.projectName,
                    region: single.source.region,
                  })
                : t("deleteMany")}
            </p>
          )}
          {commands.length > 0 && (
            <details>
              <summary className="cursor-pointer">{t("cli")}</summary>
              <pre className="mt-1 overflow-x-auto whitespace-pre-wrap break-all rounded bg-surface p-2 font-mono text-xs">
                {commands.join("\n")}
              </pre>
              <CopyButton text={commands.join("\n")} label={t("copyCommands")} />
            </details>
          )}
        </section>

        {start.error && (
          <Alert tone="error" title={t("notStarted", { move: String(move) })}>
            {start.error.message}
          </Alert>
        )}
        {copies > MAX_TRANSFER_PAIRS && (
          <p className="text-sm text-red-800">{t("tooMany", { max: MAX_TRANSFER_PAIRS })}</p>
        )}
        <Button
          type="submit"
          disabled={
            picked.length === 0 ||
            picked.length > MAX_TRANSFER_TARGETS ||
            copies > MAX_TRANSFER_PAIRS
          }
          busy={start.isPending}
        >
          {t("submit", { move: String(move), count: picked.length })}
        </Button>
      </form>
      <ConfirmDialog
        open={confirming}
        title={t("confirm.title", { subject })}
        confirmLabel={
          single
            ? t("confirm.actionSingle", { image: single.name ?? t("confirm.theImage") })
            : t("confirm.actionMany", { count: images.length })
        }
        confirmDisabled={!images.every((i) => readiness[i.id])}
        onConfirm={run}
        onClose={() => {
          setConfirming(false);
          setReadiness({});
        }}
      >
        <p>{single ? t("confirm.single") : t("confirm.many")}</p>
        <ul className="mt-2 ml-4 list-disc">
          {images.map((i) => (
            <li key={i.id}>
              {t.rich("confirm.line", {
                strong: (chunks) => <strong>{chunks}</strong>,
                image: imageName(i),
                id: i.id,
                project: i.source.projectName,
                region: i.source.region,
              })}
              {confirming && (
                <ServersOnImage
                  location={{ connection: i.source.connectionId, region: i.source.region }}
                  imageId={i.id}
                  affected="everyone"
                  consequence={t("confirm.consequence")}
                  onReady={readyFor(i.id)}
                />
              )}
            </li>
          ))}
        </ul>
      </ConfirmDialog>
    </>
  );
}

/**
 * The CLI for one image: the guide's way through a disk, which always works, and, for each
 * target of the same cloud that Glance could fill itself, the glance-download way (the
 * server checks at the start whether the target's Glance offers it; a private image never
 * takes it).
 */
function cliLines(
  image: ImageDetailDto,
  connections: ConnectionDto[],
  targets: Target[],
  options: { name?: string; move: boolean },
): string[] {
  if (!image.diskFormat || !image.containerFormat) return [];
  const from = connections.find((c) => c.id === image.source.connectionId);
  const source = { ...image, region: image.source.region };
  const origin = { cloud: from?.project.name ?? "source", region: image.source.region };
  const readable = (t: Target) =>
    image.visibility === "public" ||
    image.visibility === "community" ||
    t.connection.project.id === image.owner ||
    (image.visibility === "shared" && image.isOwner);
  const direct = targets.filter(
    (t) => from && t.connection.cloud.name === from.cloud.name && readable(t),
  );
  return [
    `# ${imageName(image)}, through a disk (the dashboard streams it the same way, without the disk):`,
    ...transferCommands(
      source,
      origin,
      targets.map((t) => ({ cloud: t.connection.project.name, region: t.region })),
      options,
    ),
    ...direct.flatMap((t) => [
      `# or Glance to Glance into ${t.connection.project.name} · ${t.region} (glance-download, where its Glance offers it):`,
      ...glanceDownloadCommands(
        source,
        origin,
        { cloud: t.connection.project.name, region: t.region, projectId: t.connection.project.id },
        {
          name: options.name,
          temporaryMember: image.visibility === "shared" && t.connection.project.id !== image.owner,
        },
      ),
    ]),
  ];
}

/** The properties the copies leave behind on purpose, grouped by why, with the images they are on. */
function LeftBehind({ images }: { images: ImageDetailDto[] }) {
  const t = useTranslations("copy");
  const byReason = new Map<LeftBehindReason, { keys: Set<string>; images: Set<string> }>();
  for (const image of images)
    for (const { key, reason } of leftBehind(image.properties)) {
      const group = byReason.get(reason) ?? { keys: new Set(), images: new Set() };
      group.keys.add(key);
      group.images.add(imageName(image));
      byReason.set(reason, group);
    }
  if (byReason.size === 0) return null;
  return (
    <div>
      <p>{t("leftBehind")}</p>
      <ul className="ml-4 list-disc" aria-label={t("leftBehindLabel")}>
        {[...byReason].map(([reason, group]) => (
          <li key={reason}>
            <code>{[...group.keys].join(", ")}</code>
            {images.length > 1 ? ` (${[...group.images].join(", ")})` : ""}
            {t("leftBehindReason", { reason: t(`leftBehindReasons.${reason}`) })}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** "disk format qcow2, container format bare, min disk 2 GB, min RAM 0 MB, 1 tag, 3 properties". */
function copiedFacts(image: ImageDetailDto, t: CopyT): string {
  return t("facts", {
    disk: image.diskFormat ?? "—",
    container: image.containerFormat ?? "—",
    minDisk: image.minDisk,
    minRam: image.minRam,
    tags: image.tags.length,
    properties: Object.keys(image.properties).filter(copiesProperty).length,
  });
}

function membersLine(keep: boolean, single: boolean, t: CopyT): string {
  return keep ? t("membersKept", { single: String(single) }) : t("membersNot");
}

/** One target's image quotas, and whether the copies fit them. */
function TargetQuota({ target, sizes }: { target: Target; sizes: number[] }) {
  const t = useTranslations("copy");
  const writeSentence = useSentence();
  const { data, error } = useQuery(
    targetUsageQueryOptions({ connection: target.connection.id, region: target.region }),
  );
  const where = `${target.connection.project.name} · ${target.region}`;
  if (error)
    return <li>{t("quota.unreadable", { where, message: error.message, count: sizes.length })}</li>;
  if (!data) return <li>{t("quota.reading", { where })}</li>;
  const refusal = quotaRefusal(data.usage, sizes, where);
  if (refusal) return <li className="font-medium text-red-800">{writeSentence(refusal)}</li>;
  const described = describeUsage(data.usage);
  return (
    <li>
      {described
        ? t("quota.fits", { where, usage: writeSentence(described), count: sizes.length })
        : t("quota.none", { where })}
    </li>
  );
}
