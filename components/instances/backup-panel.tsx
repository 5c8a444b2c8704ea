"use client";

import Link from "next/link";
import { useState } from "react";

import { useJob } from "@/components/common/use-job";
import { messageOf } from "@/components/common/use-report";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { SelectField, TextField } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { ApiError } from "@/lib/api-client";
import { formatBytes } from "@/lib/format";
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

  return (
    <Panel title={`Back up ${server.name} (${server.source.projectName}, ${server.source.region})`}>
      <form
        className="grid gap-3 sm:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          void job.run({ ...location, ...asked, confirmRotation });
        }}
      >
        <SelectField
          label="Kind"
          value={kind}
          onChange={(e) => setKind(e.target.value as BackupRequest["kind"])}
          options={[
            ["backup", "Backup (Nova keeps the newest few of a type)"],
            ["snapshot", "Snapshot (kept until deleted)"],
          ]}
        />
        <TextField
          label="Image name"
          value={name}
          required
          maxLength={255}
          onChange={(e) => setName(e.target.value)}
        />
        {kind === "backup" && (
          <>
            <TextField
              label="Backup type"
              value={backupType}
              pattern="[A-Za-z0-9_-]{1,32}"
              onChange={(e) => setBackupType(e.target.value)}
              hint="Backups of one type are rotated together: daily, weekly…"
            />
            <TextField
              label="Keep (rotation)"
              type="number"
              min={1}
              max={100}
              value={rotation}
              onChange={(e) => setRotation(e.target.value)}
              hint="Once this backup is active, Nova deletes this server's older backups of this type beyond this number, even those shared with other projects or being copied."
            />
          </>
        )}
        <p className="text-sm text-slate-600 sm:col-span-2">
          The image records what the server was: flavor {server.flavor.name}, its boot image, key
          pair, security groups and metadata, so that it can be launched elsewhere as it was.
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
              <span>Go ahead: let Nova delete them</span>
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
            {kind === "backup" ? "Back up" : "Snapshot"} {server.name}
          </Button>
          <Button tone="secondary" type="button" onClick={onClose}>
            Close
          </Button>
          <CopyButton text={cliCommand(asked)} label="Copy the CLI command" />
        </div>
        <CommandLine command={cliCommand(asked)} />
      </form>

      {data && (
        <JobOutcome
          job={data}
          running={
            <>
              Nova is making the image
              {data.imageStatus ? ` (Glance has it ${data.imageStatus}` : ""}
              {data.size ? `, ${formatBytes(data.size)}` : ""}
              {data.imageStatus ? ")" : ""}…
            </>
          }
          done={
            data.imageId && (
              <>
                <Link
                  className="font-medium text-brand-700 hover:underline"
                  href={`/images/${data.imageId}?${new URLSearchParams(location)}`}
                >
                  {data.request.name}
                </Link>{" "}
                is active{data.size ? ` (${formatBytes(data.size)})` : ""}: share it, copy it or
                move it from its page.
                {data.rotates.length > 0 &&
                  ` Nova's rotation deletes ${data.rotates.map((r) => r.name ?? r.id).join(", ")}.`}
              </>
            )
          }
        />
      )}
    </Panel>
  );
}
