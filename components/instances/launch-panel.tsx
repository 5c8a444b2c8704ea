"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";

import { useJob } from "@/components/common/use-job";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { SelectField, TextField } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { ApiError, messageOf } from "@/lib/api-client";
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
  const t = useTranslations("launch");
  const choices = useQuery(flavorChoicesQueryOptions(location, image.id));
  const fitting = choices.data?.flavors.filter((f) => f.tooSmall === null) ?? [];
  const tooSmall = choices.data?.flavors.filter((f) => f.tooSmall !== null) ?? [];
  const recorded = fitting.find((f) => f.name === choices.data?.recorded);
  const [flavor, setFlavor] = useState<string | null>(null);
  const [name, setName] = useState(`${image.name ?? "server"}-launched`);
  const place = { project: image.source.projectName, region: image.source.region };
  const [keyName, setKeyName] = useState("");
  const job = useJob(launches.query, (request: LaunchRequest) => launches.start(request));
  const chosen = flavor ?? recorded?.id ?? fitting[0]?.id ?? "";
  const chosenName = fitting.find((f) => f.id === chosen)?.name ?? chosen;
  const cli = `openstack server create --image ${image.id} --flavor ${chosenName} --nic none${keyName ? ` --key-name ${keyName}` : ""} '${name.trim()}'`;
  const data = job.data;
  // A cloud without Nova in this region: nothing to launch with, and nothing to say.
  if (choices.error instanceof ApiError && choices.error.code === "no_endpoint") return null;

  return (
    <Panel title={t("title", place)}>
      {choices.error && <Alert tone="error">{choices.error.message}</Alert>}
      {choices.data && fitting.length === 0 && (
        <Alert tone="warning">
          {t("noFlavor", { ...place, disk: image.minDisk, ram: image.minRam })}
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
            label={t("flavor")}
            value={chosen}
            onChange={(e) => setFlavor(e.target.value)}
            options={fitting.map(
              (f) =>
                [
                  f.id,
                  t("flavorOption", {
                    name: f.name,
                    vcpus: f.vcpus,
                    ram: f.ramMiB,
                    disk: f.diskGiB,
                    original: String(f.name === choices.data?.recorded),
                  }),
                ] as const,
            )}
          />
          <TextField
            label={t("name")}
            value={name}
            required
            maxLength={255}
            onChange={(e) => setName(e.target.value)}
          />
          <SelectField
            label={t("keyPair")}
            value={keyName}
            onChange={(e) => setKeyName(e.target.value)}
            options={[["", t("noKeyPair")], ...choices.data.keypairs.map((k) => [k, k] as const)]}
          />
          {tooSmall.length > 0 && (
            <p className="text-sm text-slate-600 sm:col-span-2">
              {t("tooSmall", {
                flavors: tooSmall
                  .map((f) =>
                    f.tooSmall === "disk"
                      ? t("tooSmallDisk", { name: f.name, disk: f.diskGiB, minDisk: image.minDisk })
                      : t("tooSmallMemory", { name: f.name, ram: f.ramMiB, minRam: image.minRam }),
                  )
                  .join("; "),
              })}
            </p>
          )}
          <p className="text-sm text-slate-600 sm:col-span-2">
            {t.rich("noNetwork", { code: (chunks) => <code>{chunks}</code> })}
          </p>
          {job.refused && (
            <div className="sm:col-span-2">
              <Alert tone="error">{messageOf(job.refused.err)}</Alert>
            </div>
          )}
          <div className="flex flex-wrap items-center gap-2 sm:col-span-2">
            <Button type="submit" busy={job.phase === "running"} disabled={name.trim() === ""}>
              {t("submit", { name: name.trim() || t("serverFallback") })}
            </Button>
            <CopyButton text={cli} label={t("copyCli")} />
          </div>
          <CommandLine command={cli} />
        </form>
      )}
      {data && (
        <JobOutcome
          job={data}
          running={
            data.serverStatus
              ? t("startingStatus", { name: data.request.name, status: data.serverStatus })
              : t("starting", { name: data.request.name })
          }
          done={t.rich("active", {
            ...place,
            name: data.request.name,
            id: data.serverId ?? "",
            link: (chunks) => (
              <Link href="/instances" className="font-medium text-brand-700 hover:underline">
                {chunks}
              </Link>
            ),
          })}
        />
      )}
    </Panel>
  );
}
