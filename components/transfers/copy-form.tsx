"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useMemo, useState } from "react";

import { ServersOnImage } from "@/components/instances/servers-on-image";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { TextField } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { formatBytes, formatDate } from "@/lib/format";
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
import { copiesProperty, leftBehind } from "@/lib/transfers/copy";
import { moveRefusal } from "@/lib/transfers/move";
import {
  estimateSeconds,
  formatDuration,
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
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Every connected project × region but where a chosen image already is, with why one cannot receive a copy. */
function targetsFor(connections: ConnectionDto[], sources: Set<string>): Target[] {
  return connections.flatMap((connection) =>
    connection.regions
      .filter((region) => !sources.has(placeKey(connection.id, region)))
      .map((region) => ({
        key: placeKey(connection.id, region),
        connection,
        region,
        refusal:
          connection.status === "expired"
            ? "session expired: reconnect it"
            : connection.readOnly
              ? `connected as ${connection.roles.join(", ")}: cannot create images`
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
export function notCopyable(image: ImageDetailDto): string {
  if (image.status !== "active" || image.size === null)
    return `Only an active image with data can be copied; ${imageName(image)} is ${image.status}.`;
  return `${image.source.projectName} is connected read-only (or its session expired): Glance does not give it ${imageName(image)}'s data. Connect it as a member to copy.`;
}

/** "Copy to…" for one image or a selection: choose targets and options, review, start; each image goes to every target. */
export function CopyForm({ images }: { images: ImageDetailDto[] }) {
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
    () => targetsFor(connections?.connections ?? [], sources),
    [connections, sources],
  );
  const picked = targets.filter((t) => chosen.has(t.key) && t.refusal === null);
  const noMove = images.flatMap((i) =>
    moveRefusalOf(i) ? [`${imageName(i)}: ${moveRefusalOf(i)}`] : [],
  );
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
    return <Alert tone="error">The connected projects could not be read: {error.message}</Alert>;
  if (!connections)
    return <p className="text-sm text-slate-600">Loading the connected projects…</p>;

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
          const what = single ? imageName(single) : plural(images.length, "image");
          toast(
            "success",
            `${move ? "Moving" : "Copying"} ${what}: ${plural(result.transfers.length, "copy", "copies")} under way, progress below and on the Transfers page.`,
          );
          setChosen(new Set());
        },
      },
    );
  const verb = move ? "Move" : "Copy";
  const subject = single ? imageName(single) : plural(images.length, "image");
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
          <legend className="text-sm font-medium text-slate-700">
            Copy to (connected projects × regions)
          </legend>
          {targets.length === 0 ? (
            <p className="mt-1 text-sm text-slate-600">
              No other project or region is connected.{" "}
              <Link href="/projects/connect" className="underline">
                Connect a project
              </Link>{" "}
              to copy into it.
            </p>
          ) : (
            <ul className="mt-1 grid gap-1 sm:grid-cols-2">
              {targets.map((t) => (
                <li key={t.key}>
                  <label
                    className={`flex items-center gap-2 text-sm ${t.refusal ? "text-slate-500" : ""}`}
                  >
                    <input
                      type="checkbox"
                      checked={chosen.has(t.key) && !t.refusal}
                      disabled={t.refusal !== null}
                      onChange={() => toggle(t.key)}
                    />
                    {t.connection.project.name} · {t.region}
                    {!sourceClouds.has(t.connection.cloud.name) && (
                      <span className="text-slate-500">({t.connection.cloud.label})</span>
                    )}
                    {t.refusal && <span className="text-xs">— {t.refusal}</span>}
                  </label>
                </li>
              ))}
            </ul>
          )}
          {!single && hidden.length > 0 && (
            <p className="mt-1 text-xs text-slate-600">
              Not offered: {hidden.join(", ")}, where a chosen image already is.
            </p>
          )}
        </fieldset>
        {single && (
          <TextField
            label="Name of the copies"
            value={name}
            maxLength={255}
            onChange={(e) => setName(e.target.value)}
            hint="Empty keeps the source's name."
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
            Keep the members: invite the {single ? "image's" : "images'"} members to each copy (they
            accept again)
          </label>
          {!canKeepMembers && (
            <p className="ml-6 text-xs text-slate-600">
              Only the owner&apos;s project sees the members
              {single ? "" : ` (not the owner of ${notOwned.map(imageName).join(", ")})`}: copies
              are private.
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
            Move: delete {single ? "this image" : "each image"} once every copy{" "}
            {single ? "" : "of it "}is verified
          </label>
          {noMove.length > 0 && (
            <p className="ml-6 text-xs text-slate-600">
              Cannot be moved:{" "}
              {single
                ? moveRefusalOf(single)!.replace(/^./, (c) => c.toUpperCase())
                : noMove.join(" ")}
            </p>
          )}
        </div>

        <section
          aria-label="Review before copying"
          className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm"
        >
          <p>
            <strong>{formatBytes(totalSize)}</strong>
            {single ? "" : ` in ${plural(images.length, "image")}`} to each of{" "}
            {plural(picked.length, "place")}
            {single ? "" : ` (${plural(copies, "copy", "copies")})`}, verified by SHA-512 and MD5
            against both Glances. Where both sides share a Keystone, the target&apos;s Glance offers
            glance-download and the target project can read the image, Glance copies it itself and
            no byte passes through this dashboard; otherwise it is streamed through this
            dashboard&apos;s server (never stored, never through the browser). Each transfer says
            which it took.
          </p>
          {single ? (
            <p>
              Copied: {copiedFacts(single)}, and where it came from (glance_share_source_*).{" "}
              {membersLine(keepMembers && canKeepMembers, true)} Never copied: Glance&apos;s own
              fields (id, owner, status, dates, stores).
            </p>
          ) : (
            <div>
              <p>
                Each copy takes its source&apos;s formats, limits, tags and properties, and where it
                came from (glance_share_source_*).{" "}
                {membersLine(keepMembers && canKeepMembers, false)} Never copied: Glance&apos;s own
                fields (id, owner, status, dates, stores).
              </p>
              <ul className="ml-4 list-disc" aria-label="Images to copy">
                {images.map((i) => (
                  <li key={`${i.source.connectionId}|${i.source.region}|${i.id}`}>
                    {imageName(i)} ({i.source.projectName} · {i.source.region}):{" "}
                    {formatBytes(i.size)}, {copiedFacts(i)}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <LeftBehind images={images} />
          <p>
            Estimated time:{" "}
            {seconds !== null
              ? `${formatDuration(seconds)} per ${single ? "copy" : "place"}, at the rate of the last verified transfer (${formatBytes(rate)}/s)`
              : "not known yet: no transfer has been measured here"}
            .
          </p>
          {picked.length > 0 && endingFirst.length > 0 && (
            <p className="font-medium text-amber-900">
              {endingFirst
                .map((c) => `${c.project.name}'s session ends at ${formatDate(c.expiresAt)}`)
                .join(", ")}
              , {seconds !== null ? "before these copies are likely done" : "soon"}: a copy still
              running then fails, and its unfinished copy is deleted where a session allows.{" "}
              <Link href="/projects" className="underline">
                Reconnect
              </Link>{" "}
              first for a fresh session.
            </p>
          )}
          {picked.length > 0 && (
            <div>
              <p>Quota of each target (Glance&apos;s /v2/info/usage):</p>
              <ul className="ml-4 list-disc" aria-label="Quota of each target">
                {picked.map((t) => (
                  <TargetQuota key={t.key} target={t} sizes={sizes} />
                ))}
              </ul>
            </div>
          )}
          {move && (
            <p className="font-medium text-red-800">
              {single
                ? `This image is deleted from ${single.source.projectName} (${single.source.region}) after every copy is verified; if one fails, it is kept.`
                : "Each image is deleted from its project after every copy of it is verified; an image with a failed copy is kept."}
            </p>
          )}
          {commands.length > 0 && (
            <details>
              <summary className="cursor-pointer">The same with the openstack CLI</summary>
              <pre className="mt-1 overflow-x-auto whitespace-pre-wrap break-all rounded bg-surface p-2 font-mono text-xs">
                {commands.join("\n")}
              </pre>
              <CopyButton text={commands.join("\n")} label="Copy the commands" />
            </details>
          )}
        </section>

        {start.error && (
          <Alert tone="error" title={`${verb} not started`}>
            {start.error.message}
          </Alert>
        )}
        {copies > MAX_TRANSFER_PAIRS && (
          <p className="text-sm text-red-800">
            At most {MAX_TRANSFER_PAIRS} copies at once: choose fewer places, or fewer images.
          </p>
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
          {verb} to {plural(picked.length, "place")}
        </Button>
      </form>
      <ConfirmDialog
        open={confirming}
        title={`Move ${subject}?`}
        confirmLabel={
          single
            ? `Move and then delete ${single.name ?? "the image"}`
            : `Move and then delete ${plural(images.length, "image")}`
        }
        confirmDisabled={!images.every((i) => readiness[i.id])}
        onConfirm={run}
        onClose={() => {
          setConfirming(false);
          setReadiness({});
        }}
      >
        <p>
          {single
            ? "Once every copy is verified, this image is deleted where it is now."
            : "Each of these images is deleted where it is now, once every copy of it is verified."}{" "}
          Instances and members that use it there lose it.
        </p>
        <ul className="mt-2 ml-4 list-disc">
          {images.map((i) => (
            <li key={i.id}>
              <strong>{imageName(i)}</strong> ({i.id}) from {i.source.projectName} in{" "}
              {i.source.region}
              {confirming && (
                <ServersOnImage
                  location={{ connection: i.source.connectionId, region: i.source.region }}
                  imageId={i.id}
                  affected="everyone"
                  consequence="Once it is deleted, these servers run on an image that no longer exists."
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
  const byReason = new Map<string, { keys: Set<string>; images: Set<string> }>();
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
      <p>Left behind on purpose:</p>
      <ul className="ml-4 list-disc" aria-label="Properties left behind">
        {[...byReason].map(([reason, group]) => (
          <li key={reason}>
            <code>{[...group.keys].join(", ")}</code>
            {images.length > 1 ? ` (${[...group.images].join(", ")})` : ""}: {reason}.
          </li>
        ))}
      </ul>
    </div>
  );
}

/** "disk format qcow2, container format bare, min disk 2 GB, min RAM 0 MB, 1 tag, 3 properties". */
function copiedFacts(image: ImageDetailDto): string {
  const properties = Object.keys(image.properties).filter(copiesProperty).length;
  return [
    `disk format ${image.diskFormat ?? "—"}`,
    `container format ${image.containerFormat ?? "—"}`,
    `min disk ${image.minDisk} GB`,
    `min RAM ${image.minRam} MB`,
    plural(image.tags.length, "tag"),
    plural(properties, "property", "properties"),
  ].join(", ");
}

function membersLine(keep: boolean, single: boolean): string {
  return keep
    ? `The copies are shared, and ${single ? "the image's" : "each image's"} members are invited to ${single ? "each" : "its copies"} (in the same cloud only).`
    : "Not copied: members (copies are private).";
}

/** One target's image quotas, and whether the copies fit them. */
function TargetQuota({ target, sizes }: { target: Target; sizes: number[] }) {
  const { data, error } = useQuery(
    targetUsageQueryOptions({ connection: target.connection.id, region: target.region }),
  );
  const where = `${target.connection.project.name} · ${target.region}`;
  const them = sizes.length === 1 ? "the copy" : "the copies";
  if (error)
    return (
      <li>
        {where}: its quota could not be read ({error.message}); Glance will refuse {them} if they do
        not fit.
      </li>
    );
  if (!data) return <li>{where}: reading its quota…</li>;
  const refusal = quotaRefusal(data.usage, sizes, where);
  if (refusal) return <li className="font-medium text-red-800">{refusal}</li>;
  const described = describeUsage(data.usage);
  return (
    <li>
      {where}:{" "}
      {described
        ? `${described} used; ${them} ${sizes.length === 1 ? "fits" : "fit"}`
        : "Glance reports no quota here"}
      .
    </li>
  );
}
