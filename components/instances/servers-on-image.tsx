"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";

import { imageServersQueryOptions } from "@/lib/queries/instances";
import type { ImageLocation } from "@/lib/schemas/images";
import type { ImageUserDto } from "@/lib/schemas/instances";

const projectLabel = (p: ImageUserDto) => p.projectName ?? p.projectId;

function ProjectLine({ project }: { project: ImageUserDto }) {
  const label = projectLabel(project);
  if (!project.connected)
    return (
      <li>
        <span className="font-medium">{label}</span> is not connected here: cannot tell whether it
        runs servers on this image.
      </li>
    );
  if (project.error)
    return (
      <li>
        <span className="font-medium">{label}</span>: its servers could not be listed (
        {project.error}).
      </li>
    );
  const servers = project.servers ?? [];
  if (servers.length === 0)
    return (
      <li>
        <span className="font-medium">{label}</span> runs no server on this image.
      </li>
    );
  return (
    <li>
      <span className="font-medium">{label}</span> runs {servers.length} server
      {servers.length === 1 ? "" : "s"} on this image:{" "}
      {servers.map((s, i) => (
        <span key={s.id}>
          {i > 0 && ", "}
          <span className="font-medium">{s.name}</span> ({s.status})
        </span>
      ))}
      .
    </li>
  );
}

/**
 * Before an image is taken away from projects: the servers each of them runs on it, and a
 * second confirmation that names them. `affected` names the projects that lose the image:
 * some members (one removed), every member (made private), or everyone, its owner included
 * (moved away). `onReady` says whether the change may go ahead: the check is done, and any
 * server found has been acknowledged.
 */
export function ServersOnImage({
  location,
  imageId,
  affected,
  consequence,
  onReady,
}: {
  location: ImageLocation;
  imageId: string;
  affected: "members" | "everyone" | string[];
  /** What the change does to them, in a sentence. */
  consequence: string;
  onReady: (ready: boolean) => void;
}) {
  const { data, error, isPending, isFetching } = useQuery(
    imageServersQueryOptions(location, imageId),
  );
  const [acknowledged, setAcknowledged] = useState(false);
  const checkId = useId();
  const concerned = (data?.projects ?? []).filter((p) =>
    affected === "everyone"
      ? true
      : affected === "members"
        ? !p.isOwner
        : affected.includes(p.projectId),
  );
  const running = concerned.flatMap((p) =>
    (p.servers ?? []).map((s) => `${s.name} (${projectLabel(p)})`),
  );
  // What an earlier look found is shown while the look is made again, but not acted on.
  const ready = !isFetching && (running.length === 0 || acknowledged);
  useEffect(() => onReady(ready), [ready, onReady]);

  if (isPending)
    return (
      <p role="status" className="text-slate-600">
        Looking for servers that run on this image…
      </p>
    );
  if (error)
    return (
      <p role="status" className="text-amber-900">
        Could not find out who runs servers on this image ({error.message}).
      </p>
    );
  return (
    <div className="space-y-2">
      <ul className="list-disc space-y-1 pl-5">
        {concerned.map((p) => (
          <ProjectLine key={p.projectId} project={p} />
        ))}
      </ul>
      {running.length > 0 && (
        <>
          <p className="text-amber-900">
            {consequence} They keep running, but a rebuild, resize, migration or evacuation may then
            fail.
          </p>
          <label htmlFor={checkId} className="flex items-start gap-2 font-medium">
            <input
              id={checkId}
              type="checkbox"
              className="mt-1"
              checked={acknowledged}
              onChange={(e) => setAcknowledged(e.target.checked)}
            />
            <span>Go ahead although {running.join(", ")} run on it</span>
          </label>
        </>
      )}
    </div>
  );
}
