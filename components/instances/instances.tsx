"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { ImageLink, ProjectCell } from "@/components/common/cells";
import { SourceFailures } from "@/components/common/source-failures";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { formatDate } from "@/lib/format";
import { instancesQueryOptions } from "@/lib/queries/instances";
import { connectionsQueryOptions } from "@/lib/queries/projects";
import type { InstanceDto } from "@/lib/schemas/instances";

import { BackupPanel } from "./backup-panel";

const statusTone: Record<string, string> = {
  ACTIVE: "bg-emerald-50 text-emerald-800",
  BUILD: "bg-amber-50 text-amber-900",
  ERROR: "bg-red-50 text-red-800",
};

function StatusCell({ server }: { server: InstanceDto }) {
  return (
    <td className="py-2 pr-4">
      <span
        className={`rounded px-2 py-0.5 text-xs font-medium ${statusTone[server.status] ?? "bg-slate-100 text-slate-700"}`}
      >
        {server.status}
      </span>
      {server.taskState && (
        <span className="block text-xs text-slate-500">{server.taskState.replace(/_/g, " ")}</span>
      )}
      {server.fault && <span className="block text-xs text-red-800">{server.fault}</span>}
    </td>
  );
}

/** The image a server was booted from, and whether another project can take it away. */
function ImageCell({ server }: { server: InstanceDto }) {
  const { image, source } = server;
  if (!image)
    return <td className="py-2 pr-4 text-slate-500">boots from a volume (no image of its own)</td>;
  const link =
    image.dependency === "gone" ? (
      <span className="font-mono text-xs">{image.id}</span>
    ) : (
      <ImageLink
        connectionId={source.connectionId}
        region={source.region}
        imageId={image.id}
        name={image.name}
      />
    );
  const note = {
    own: <span className="text-slate-500">this project&apos;s own</span>,
    shared: (
      <span className="font-medium text-amber-900">
        {image.ownerName ?? image.owner}&apos;s: it can remove {source.projectName}
      </span>
    ),
    public: <span className="text-slate-500">the cloud&apos;s (public)</span>,
    gone: (
      <span className="font-medium text-red-800">
        no longer readable by {source.projectName}: deleted, or its access removed
      </span>
    ),
  }[image.dependency];
  return (
    <td className="py-2 pr-4">
      {link}
      <span className="block text-xs">{note}</span>
    </td>
  );
}

/** Every connected project's servers, and the images they run on. */
export function Instances() {
  const { data, error, isPending } = useQuery(instancesQueryOptions());
  const { data: connections } = useQuery(connectionsQueryOptions());
  const [backingUp, setBackingUp] = useState<InstanceDto | null>(null);
  const canWrite = new Set(
    connections?.connections.filter((c) => c.canWrite).map((c) => c.id) ?? [],
  );
  const instances = data?.instances ?? [];
  const onOthers = instances.filter((i) => i.image?.dependency === "shared");
  return (
    <div className="space-y-4">
      {data && <SourceFailures failures={data.failures} />}
      {onOthers.length > 0 && (
        <Alert tone="warning">
          {onOthers.length === 1 ? "1 server runs" : `${onOthers.length} servers run`} on an image
          another project owns. Its owner can remove your project, make the image private or delete
          it; the server keeps running, but a rebuild, resize, migration or evacuation may then
          fail. Keep a copy of your own of what you cannot lose.
        </Alert>
      )}
      {backingUp && (
        <BackupPanel
          key={`${backingUp.source.connectionId}|${backingUp.id}`}
          server={backingUp}
          onClose={() => setBackingUp(null)}
        />
      )}
      <DataTable
        error={error}
        caption="Servers of the connected projects"
        columns={["Server", "Project · region", "Status", "Flavor", "Image", "Created", ""]}
        loading={isPending}
        empty={
          instances.length === 0 &&
          (data && data.failures.length > 0
            ? "No server could be listed: see the errors above."
            : "No connected project runs a server (in any region with a compute service).")
        }
      >
        {instances.map((s) => (
          <tr key={`${s.source.connectionId}|${s.source.region}|${s.id}`} className="h-12">
            <th scope="row" className="py-2 pr-4 text-left font-normal">
              <span className="font-medium">{s.name}</span>
              <span className="block font-mono text-xs text-slate-500">{s.id}</span>
            </th>
            <ProjectCell name={s.source.projectName} below={s.source.region} />
            <StatusCell server={s} />
            <td className="py-2 pr-4">
              {s.flavor.name}
              <span className="block text-xs text-slate-500">
                {s.flavor.vcpus} vCPU · {s.flavor.ramMiB} MiB · {s.flavor.diskGiB} GB
              </span>
            </td>
            <ImageCell server={s} />
            <td className="py-2 pr-4 whitespace-nowrap">{formatDate(s.createdAt)}</td>
            <td className="py-2 text-right">
              {canWrite.has(s.source.connectionId) && (
                <Button
                  tone="secondary"
                  onClick={() => setBackingUp(s)}
                  aria-label={`Back up ${s.name} (${s.source.projectName}, ${s.source.region})`}
                >
                  Back up
                </Button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
