"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState, type ReactNode } from "react";

import { useJob } from "@/components/common/use-job";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { SelectField, TextField } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { ApiError, messageOf } from "@/lib/api-client";
import { useFormat } from "@/lib/i18n/use-format";
import { backups } from "@/lib/queries/instances";
import type { BackupRequest, InstanceDto } from "@/lib/schemas/instances";

import { CommandLine, JobOutcome } from "./job-outcome";

/** The command that does the same, for the person who wants to script it. */
function cliCommand(request: Omit<BackupRequest, "connection" | "region" | "confirmRotation">) {
  return request.kind === "backup"
    ? `openstack server backup create --name '${request.name}' --type ${request.backupType} --rotate ${request.rotation} ${request.serverId}`
    : `openstack server image create --name '${request.name}' ${request.serverId}`;
}

/**
 * Backs up one server (createBackup, rotated by Nova) or snapshots it (createImage), as a
 * job; once the image is active, it can be shared, copied or moved from its page.
 */
export function BackupPanel({ server, onClose }: { server: InstanceDto; onClose: () => void }) {
  const t = useTranslations("backup");
  const format = useFormat();
  const today = new Date().toISOString().slice(0, 10);
  const [kind, setKind] = useState<BackupRequest["kind"]>("backup");
  const [name, setName] = useState(`${server.name}-backup-${today}`);
  const [backupType, setBackupType] = useState("daily");
  const [rotation, setRotation] = useState("7");
  const [confirmRotation, setConfirmRotation] = useState(false);
  const job = useJob(backups.query, (request: BackupRequest) => backups.start(request));
  const asked = {
    kind,
    name: name.trim(),
    backupType,
    rotation: Number(rotation),
    serverId: server.id,
  };
  const refusal = job.refused ? messageOf(job.refused.err) : null;
  // A rotation that would delete backups others use is refused until confirmed.
  const rotationRisk = job.refused?.err instanceof ApiError && job.refused.err.code === "conflict";
  const data = job.data;
  const location = { connection: server.source.connectionId, region: server.source.region };
  const imageLink = (imageId: string) =>
    function ImageLink(chunks: ReactNode) {
      return (
        <Link
          className="font-medium text-brand-700 hover:underline"
          href={`/images/${imageId}?${new URLSearchParams(location)}`}
        >
          {chunks}
        </Link>
      );
    };

  return (
    <Panel
      title={t("title", {
        server: server.name,
        project: server.source.projectName,
        region: server.source.region,
      })}
    >
      <form
        className="grid gap-3 sm:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          void job.run({ ...location, ...asked, confirmRotation });
        }}
      >
        <SelectField
          label={t("kind")}
          value={kind}
          onChange={(e) => setKind(e.target.value as BackupRequest["kind"])}
          options={[
            ["backup", t("kinds.backup")],
            ["snapshot", t("kinds.snapshot")],
          ]}
        />
        <TextField
          label={t("name")}
          value={name}
          required
          maxLength={255}
          onChange={(e) => setName(e.target.value)}
        />
        {kind === "backup" && (
          <>
            <TextField
              label={t("type")}
              value={backupType}
              pattern="[A-Za-z0-9_-]{1,32}"
              onChange={(e) => setBackupType(e.target.value)}
              hint={t("typeHint")}
            />
            <TextField
              label={t("rotation")}
              type="number"
              min={1}
              max={100}
              value={rotation}
              onChange={(e) => setRotation(e.target.value)}
              hint={t("rotationHint")}
            />
          </>
        )}
        <p className="text-sm text-slate-600 sm:col-span-2">
          {t("records", { flavor: server.flavor.name })}
        </p>
        {rotationRisk && refusal && (
          <div className="space-y-2 sm:col-span-2">
            <Alert tone="warning">{refusal}</Alert>
            <label className="flex items-start gap-2 text-sm font-medium">
              <input
                type="checkbox"
                className="mt-1"
                checked={confirmRotation}
                onChange={(e) => setConfirmRotation(e.target.checked)}
              />
              <span>{t("goAhead")}</span>
            </label>
          </div>
        )}
        {refusal && !rotationRisk && (
          <div className="sm:col-span-2">
            <Alert tone="error">{refusal}</Alert>
          </div>
        )}
        <div className="flex flex-wrap items-center gap-2 sm:col-span-2">
          <Button type="submit" busy={job.phase === "running"} disabled={asked.name === ""}>
            {t("submit", { kind, server: server.name })}
          </Button>
          <Button tone="secondary" type="button" onClick={onClose}>
            {t("close")}
          </Button>
          <CopyButton text={cliCommand(asked)} label={t("copyCli")} />
        </div>
        <CommandLine command={cliCommand(asked)} />
      </form>

      {data && (
        <JobOutcome
          job={data}
          running={
            !data.imageStatus
              ? t("making")
              : data.size
                ? t("makingSize", { status: data.imageStatus, size: format.bytes(data.size) })
                : t("makingStatus", { status: data.imageStatus })
          }
          done={
            data.imageId && (
              <>
                {data.size
                  ? t.rich("activeSize", {
                      link: imageLink(data.imageId),
                      name: data.request.name,
                      size: format.bytes(data.size),
                    })
                  : t.rich("active", { link: imageLink(data.imageId), name: data.request.name })}
                {data.rotates.length > 0 &&
                  t("rotates", { images: data.rotates.map((r) => r.name ?? r.id).join(", ") })}
              </>
            )
          }
        />
      )}
    </Panel>
  );
}
