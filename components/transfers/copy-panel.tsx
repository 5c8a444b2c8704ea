"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useMemo, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { TextField } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { formatBytes } from "@/lib/format";
import { connectionsQueryOptions } from "@/lib/queries/projects";
import { targetUsageQueryOptions, transfersQueryOptions, useStartTransfers } from "@/lib/queries/transfers";
import type { ImageDetailDto } from "@/lib/schemas/images";
import type { ConnectionDto } from "@/lib/schemas/projects";
import { MAX_TRANSFER_TARGETS, type TransferDto } from "@/lib/schemas/transfers";
import { transferCommands } from "@/lib/transfers/commands";
import { copiesProperty } from "@/lib/transfers/copy";
import { estimateSeconds, formatDuration, transferProgress } from "@/lib/transfers/progress";
import { describeUsage, quotaRefusal } from "@/lib/transfers/quota";
import { TransferList } from "./transfer-list";

interface Target {
  key: string;
  connection: ConnectionDto;
  region: string;
  /** Why it cannot receive a copy; null if it can. */
  refusal: string | null;
}

/** Every connected project × region but the image's own place, with why one cannot receive a copy. */
function targetsFor(connections: ConnectionDto[], image: ImageDetailDto): Target[] {
  return connections.flatMap((connection) =>
    connection.regions
      .filter((region) => !(connection.id === image.source.connectionId && region === image.source.region))
      .map((region) => ({
        key: `${connection.id}|${region}`,
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

/** Why this image cannot be moved from here; null if it can. */
function moveRefusal(image: ImageDetailDto): string | null {
  if (!image.isOwner) return "Only the owner's project can move an image: this one can copy it.";
  if (image.protected) return `It is protected: Glance refuses to delete it. Unprotect it first (openstack image set --unprotected ${image.id}).`;
  if (!image.canManage) return "This project is connected read-only (or its session expired): it could not delete the image.";
  return null;
}

/** "Copy to…": copy or move this image into other connected projects and regions, reviewed first. */
export function CopyPanel({ image }: { image: ImageDetailDto }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const canCopy = image.status === "active" && image.size !== null;
  return (
    <section aria-labelledby={`${panelId}-heading`} className="space-y-3 rounded-lg border border-slate-200 bg-surface p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={`${panelId}-heading`} className="text-lg font-semibold">
          Copy to another project or region
        </h2>
        <Button tone="secondary" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)} disabled={!canCopy}>
          {open ? "Close" : "Copy to…"}
        </Button>
      </div>
      {!canCopy && <p className="text-sm text-slate-600">Only an active image with data can be copied; this one is {image.status}.</p>}
      <div id={panelId} hidden={!open}>
        {open && <CopyForm image={image} />}
      </div>
      <TransferList caption={`Transfers of ${image.name ?? image.id}`} filter={(t) => t.source.imageId === image.id} compact />
    </section>
  );
}

function CopyForm({ image }: { image: ImageDetailDto }) {
  const { data: connections, error } = useQuery(connectionsQueryOptions());
  const { data: transfers } = useQuery(transfersQueryOptions());
  const start = useStartTransfers();
  const toast = useToast();
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [name, setName] = useState(image.name ?? "");
  const [move, setMove] = useState(false);
  const [keepMembers, setKeepMembers] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const targets = useMemo(() => targetsFor(connections?.connections ?? [], image), [connections, image]);
  const picked = targets.filter((t) => chosen.has(t.key) && t.refusal === null);
  const noMove = moveRefusal(image);
  const rate = measuredRate(transfers?.transfers);
  const seconds = estimateSeconds(image.size, rate);
  const copiedProperties = Object.keys(image.properties).filter(copiesProperty);
  const sourceConnection = connections?.connections.find((c) => c.id === image.source.connectionId);
  const commands =
    picked.length > 0 && image.diskFormat && image.containerFormat
      ? transferCommands(
          { ...image, region: image.source.region },
          { cloud: sourceConnection?.project.name ?? "source", region: image.source.region },
          picked.map((t) => ({ cloud: t.connection.project.name, region: t.region })),
          { name, move },
        )
      : [];

  if (error) return <Alert tone="error">The connected projects could not be read: {error.message}</Alert>;
  if (!connections) return <p className="text-sm text-slate-600">Loading the connected projects…</p>;

  const toggle = (key: string) =>
    setChosen((old) => {
      const next = new Set(old);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const run = () =>
    start.mutate(
      {
        source: { connection: image.source.connectionId, region: image.source.region },
        imageId: image.id,
        targets: picked.map((t) => ({ connection: t.connection.id, region: t.region })),
        name: name.trim() || undefined,
        move,
        keepMembers: keepMembers && image.isOwner,
      },
      {
        onSuccess: (result) => {
          toast("success", `${move ? "Moving" : "Copying"} ${image.name ?? image.id} to ${result.transfers.length} ${result.transfers.length === 1 ? "place" : "places"}: progress below and on the Transfers page.`);
          setChosen(new Set());
        },
      },
    );
  const verb = move ? "Move" : "Copy";
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
        <legend className="text-sm font-medium text-slate-700">Copy to (connected projects × regions)</legend>
        {targets.length === 0 ? (
          <p className="mt-1 text-sm text-slate-600">
            No other project or region is connected. <Link href="/projects/connect" className="underline">Connect a project</Link> to copy into it.
          </p>
        ) : (
          <ul className="mt-1 grid gap-1 sm:grid-cols-2">
            {targets.map((t) => (
              <li key={t.key}>
                <label className={`flex items-center gap-2 text-sm ${t.refusal ? "text-slate-500" : ""}`}>
                  <input type="checkbox" checked={chosen.has(t.key) && !t.refusal} disabled={t.refusal !== null} onChange={() => toggle(t.key)} />
                  {t.connection.project.name} · {t.region}
                  {t.connection.cloud.name !== sourceConnection?.cloud.name && <span className="text-slate-500">({t.connection.cloud.label})</span>}
                  {t.refusal && <span className="text-xs">— {t.refusal}</span>}
                </label>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
      <TextField label="Name of the copies" value={name} maxLength={255} onChange={(e) => setName(e.target.value)} hint="Empty keeps the source's name." />
      <div>
        <label className={`flex items-center gap-2 text-sm ${image.isOwner ? "" : "text-slate-500"}`}>
          <input type="checkbox" checked={keepMembers && image.isOwner} disabled={!image.isOwner} onChange={(e) => setKeepMembers(e.target.checked)} />
          Keep the members: invite the image&apos;s members to each copy (they accept again)
        </label>
        {!image.isOwner && <p className="ml-6 text-xs text-slate-600">Only the owner&apos;s project sees the members: copies are private.</p>}
      </div>
      <div>
        <label className={`flex items-center gap-2 text-sm ${noMove ? "text-slate-500" : ""}`}>
          <input type="checkbox" checked={move && !noMove} disabled={noMove !== null} onChange={(e) => setMove(e.target.checked)} />
          Move: delete this image once every copy is verified
        </label>
        {noMove && <p className="ml-6 text-xs text-slate-600">Cannot be moved: {noMove}</p>}
      </div>

      <section aria-label="Review before copying" className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
        <p>
          <strong>{formatBytes(image.size)}</strong> to each of {picked.length} {picked.length === 1 ? "place" : "places"}, verified by SHA-512 and MD5 against both
          Glances. Where both sides share a Keystone, the target&apos;s Glance offers glance-download and the target project can read the image, Glance copies it
          itself and no byte passes through this dashboard; otherwise it is streamed through this dashboard&apos;s server (never stored, never through the
          browser). Each transfer says which it took.
        </p>
        <p>
          Copied: disk format {image.diskFormat ?? "—"}, container format {image.containerFormat ?? "—"}, min disk {image.minDisk} GB, min RAM {image.minRam} MB,{" "}
          {image.tags.length} {image.tags.length === 1 ? "tag" : "tags"}, {copiedProperties.length} {copiedProperties.length === 1 ? "property" : "properties"}, and where
          it came from (glance_share_source_*).{" "}
          {keepMembers && image.isOwner
            ? "The copies are shared, and the image's members are invited to each (in the same cloud only)."
            : "Not copied: members (copies are private)."}{" "}
          Never copied: Glance&apos;s own fields (id, owner, status, dates, stores).
        </p>
        <p>
          Estimated time:{" "}
          {seconds !== null
            ? `${formatDuration(seconds)} per copy, at the rate of the last verified transfer (${formatBytes(rate)}/s)`
            : "not known yet: no transfer has been measured here"}
          .
        </p>
        {picked.length > 0 && (
          <div>
            <p>Quota of each target (Glance&apos;s /v2/info/usage):</p>
            <ul className="ml-4 list-disc">
              {picked.map((t) => (
                <TargetQuota key={t.key} target={t} size={image.size ?? 0} />
              ))}
            </ul>
          </div>
        )}
        {move && <p className="font-medium text-red-800">This image is deleted from {image.source.projectName} ({image.source.region}) after every copy is verified; if one fails, it is kept.</p>}
        {commands.length > 0 && (
          <details>
            <summary className="cursor-pointer">The same with the openstack CLI</summary>
            <pre className="mt-1 overflow-x-auto whitespace-pre-wrap break-all rounded bg-surface p-2 font-mono text-xs">{commands.join("\n")}</pre>
            <CopyButton text={commands.join("\n")} label="Copy the commands" />
          </details>
        )}
      </section>

      {start.error && (
        <Alert tone="error" title={`${verb} not started`}>
          {start.error.message}
        </Alert>
      )}
      <Button type="submit" disabled={picked.length === 0 || picked.length > MAX_TRANSFER_TARGETS} busy={start.isPending}>
        {verb} to {picked.length} {picked.length === 1 ? "place" : "places"}
      </Button>
    </form>
    <ConfirmDialog
        open={confirming}
        title={`Move ${image.name ?? image.id}?`}
        confirmLabel={`Move and then delete ${image.name ?? "the image"}`}
        onConfirm={run}
        onClose={() => setConfirming(false)}
      >
        <p>
          After every copy is verified, <strong>{image.name ?? image.id}</strong> ({image.id}) is deleted from {image.source.projectName} in {image.source.region}. Instances
          and members that use it there lose it.
        </p>
      </ConfirmDialog>
    </>
  );
}

/** One target's image quotas, and whether the copy fits them. */
function TargetQuota({ target, size }: { target: Target; size: number }) {
  const { data, error } = useQuery(targetUsageQueryOptions({ connection: target.connection.id, region: target.region }));
  const where = `${target.connection.project.name} · ${target.region}`;
  if (error) return <li>{where}: its quota could not be read ({error.message}); Glance will refuse the copy if it does not fit.</li>;
  if (!data) return <li>{where}: reading its quota…</li>;
  const refusal = quotaRefusal(data.usage, size, where);
  if (refusal) return <li className="font-medium text-red-800">{refusal}</li>;
  const described = describeUsage(data.usage);
  return <li>{where}: {described ? `${described} used; the copy fits` : "Glance reports no quota here"}.</li>;
}
