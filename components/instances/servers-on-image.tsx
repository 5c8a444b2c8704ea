"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useId, useState, type ReactNode } from "react";

import { imageServersQueryOptions } from "@/lib/queries/instances";
import type { ImageLocation } from "@/lib/schemas/images";
import type { ImageUserDto } from "@/lib/schemas/instances";

const projectLabel = (p: ImageUserDto) => p.projectName ?? p.projectId;

function ProjectLine({ project }: { project: ImageUserDto }) {
  const t = useTranslations("serversOnImage");
  const strong = (chunks: ReactNode) => <span className="font-medium">{chunks}</span>;
  const label = projectLabel(project);
  if (!project.connected) return <li>{t.rich("notConnected", { strong, project: label })}</li>;
  if (project.error)
    return <li>{t.rich("unlisted", { strong, project: label, message: project.error })}</li>;
  const servers = project.servers ?? [];
  if (servers.length === 0) return <li>{t.rich("none", { strong, project: label })}</li>;
  return (
    <li>
      {t.rich("some", {
        strong,
        project: label,
        count: servers.length,
        servers: servers.map((s) => `${s.name} (${s.status})`).join(", "),
      })}
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
  const t = useTranslations("serversOnImage");
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
        {t("looking")}
      </p>
    );
  if (error)
    return (
      <p role="status" className="text-amber-900">
        {t("error", { message: error.message })}
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
          <p className="text-amber-900">{t("risk", { consequence })}</p>
          <label htmlFor={checkId} className="flex items-start gap-2 font-medium">
            <input
              id={checkId}
              type="checkbox"
              className="mt-1"
              checked={acknowledged}
              onChange={(e) => setAcknowledged(e.target.checked)}
            />
            <span>{t("goAhead", { servers: running.join(", ") })}</span>
          </label>
        </>
      )}
    </div>
  );
}
