"use client";

import { useQuery } from "@tanstack/react-query";
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
import { flavorChoicesQueryOptions, launches } from "@/lib/queries/instances";
import { connectionsQueryOptions } from "@/lib/queries/projects";
import type { ImageDetailDto } from "@/lib/schemas/images";
import type { LaunchRequest } from "@/lib/schemas/instances";

import { CommandLine, JobOutcome } from "./job-outcome";

/**
 * Boots a server from an image in the project that sees it (its own, a copy, or an accepted
 * shared one): the proof that a backup works there. Only the flavors that fit the image's
 * min_disk and min_ram are offered; the one the original server had is chosen first.
 */
export function LaunchPanel({ image }: { image: ImageDetailDto }) {
  const location = { connection: image.source.connectionId, region: image.source.region };
  const { data: connections } = useQuery(connectionsQueryOptions());
  const canWrite = connections?.connections.find((c) => c.id === location.connection)?.canWrite;
  if (image.status !== "active" || !canWrite) return null;
  return <LaunchForm image={image} location={location} />;
}

function LaunchForm({
  image,
  location,
}: {
  image: ImageDetailDto;
  location: { connection: string; region: string };
}) {
  const choices = useQuery(flavorChoicesQueryOptions(location, image.id));
  const fitting = choices.data?.flavors.filter((f) => f.tooSmall === null) ?? [];
  const tooSmall = choices.data?.flavors.filter((f) => f.tooSmall !== null) ?? [];
  const recorded = fitting.find((f) => f.name === choices.data?.recorded);
  const [flavor, setFlavor] = useState<string | null>(null);
  const [name, setName] = useState(`${image.name ?? "server"}-launched`);
  const [keyName, setKeyName] = useState("");
  const job = useJob(launches.query, (request: LaunchRequest) => launches.start(request));
  const chosen = flavor ?? recorded?.id ?? fitting[0]?.id ?? "";
  const chosenName = fitting.find((f) => f.id === chosen)?.name ?? chosen;
  const cli = `openstack server create --image ${image.id} --flavor ${chosenName} --nic none${keyName ? ` --key-name ${keyName}` : ""} '${name.trim()}'`;
  const data = job.data;
  // A cloud without Nova in this region: nothing to launch with, and nothing to say.
  if (choices.error instanceof ApiError && choices.error.code === "no_endpoint") return null;

  return (
    <Panel title={`Launch a server from it in ${image.source.projectName}`}>
      {choices.error && <Alert tone="error">{choices.error.message}</Alert>}
      {choices.data && fitting.length === 0 && (
        <Alert tone="warning">
          No flavor of {image.source.projectName} in {image.source.region} fits this image (it needs{" "}
          {image.minDisk} GB of disk and {image.minRam} MiB of memory).
        </Alert>
      )}
      {choices.data && fitting.length > 0 && (
        <form
          className="grid gap-3 sm:grid-cols-2"
          onSubmit={(e) => {
            e.preventDefault();
            void job.run({
              ...location,
              imageId: image.id,
              flavorId: chosen,
              name: name.trim(),
              keyName: keyName || undefined,
            });
          }}
        >
          <SelectField
            label="Flavor"
            value={chosen}
            onChange={(e) => setFlavor(e.target.value)}
            options={fitting.map(
              (f) =>
                [
                  f.id,
                  `${f.name}: ${f.vcpus} vCPU, ${f.ramMiB} MiB, ${f.diskGiB} GB${f.name === choices.data?.recorded ? " (the original server's)" : ""}`,
                ] as const,
            )}
          />
          <TextField
            label="Server name"
            value={name}
            required
            maxLength={255}
            onChange={(e) => setName(e.target.value)}
          />
          <SelectField
            label="Key pair"
            value={keyName}
            onChange={(e) => setKeyName(e.target.value)}
            options={[["", "none"], ...choices.data.keypairs.map((k) => [k, k] as const)]}
          />
          {tooSmall.length > 0 && (
            <p className="text-sm text-slate-600 sm:col-span-2">
              Not offered, too small for this image:{" "}
              {tooSmall.map((f) => `${f.name} (${f.tooSmall})`).join("; ")}.
            </p>
          )}
          <p className="text-sm text-slate-600 sm:col-span-2">
            The server boots without a network (Nova&apos;s <code>networks: none</code>); attach one
            afterwards with your usual tools.
          </p>
          {job.refused && (
            <div className="sm:col-span-2">
              <Alert tone="error">{messageOf(job.refused.err)}</Alert>
            </div>
          )}
          <div className="flex flex-wrap items-center gap-2 sm:col-span-2">
            <Button type="submit" busy={job.phase === "running"} disabled={name.trim() === ""}>
              Launch {name.trim() || "server"}
            </Button>
            <CopyButton text={cli} label="Copy the CLI command" />
          </div>
          <CommandLine command={cli} />
        </form>
      )}
      {data && (
        <JobOutcome
          job={data}
          running={
            <>
              Nova is starting {data.request.name}
              {data.serverStatus ? ` (${data.serverStatus})` : ""}…
            </>
          }
          done={
            <>
              {data.request.name} is ACTIVE in {image.source.projectName} ({image.source.region}
              ), server {data.serverId}.{" "}
              <Link href="/instances" className="font-medium text-brand-700 hover:underline">
                See it among the instances
              </Link>
            </>
          }
        />
      )}
    </Panel>
  );
}
