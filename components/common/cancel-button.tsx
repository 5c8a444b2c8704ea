"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";

import { Button } from "@/components/ui/button";
import { mayCancel, type JobOwnership } from "@/lib/jobs/permissions";
import { connectionsQueryOptions } from "@/lib/queries/projects";

/**
 * Cancels one job (a transfer, a share run, a rollout), busy while that one is asked to
 * stop; shown only to whoever may cancel it (the server checks the cloud too: a page only
 * hides what it would refuse).
 */
export function CancelButton({
  id,
  owner,
  cancel,
}: {
  id: string;
  owner: JobOwnership;
  cancel: { isPending: boolean; variables?: string; mutate: (id: string) => void };
}) {
  const t = useTranslations("common");
  const { data } = useQuery(connectionsQueryOptions());
  const actors = (data?.connections ?? []).map((c) => ({
    userId: c.user.id,
    projectId: c.project.id,
    readOnly: !c.canWrite,
  }));
  if (!mayCancel(owner, actors)) return null;
  return (
    <Button
      tone="danger"
      className="px-2 py-1 text-xs"
      busy={cancel.isPending && cancel.variables === id}
      onClick={() => cancel.mutate(id)}
    >
      {t("cancel")}
    </Button>
  );
}
