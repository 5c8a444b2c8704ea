import { useTranslations } from "next-intl";
import type { ReactNode } from "react";

import { Alert } from "@/components/ui/alert";
import type { JobDtoBase } from "@/lib/schemas/jobs";

/** Where a backup's or a launch's job is, said as it changes: waiting, running, done or why not. */
export function JobOutcome({
  job,
  running,
  done,
}: {
  job: JobDtoBase;
  running: ReactNode;
  done: ReactNode;
}) {
  const t = useTranslations("instances");
  return (
    <div role="status" className="space-y-1 border-t border-slate-200 pt-3 text-sm">
      {job.status === "queued" && <p>{t("waiting")}</p>}
      {job.status === "running" && <p>{running}</p>}
      {job.status === "done" && <p>{done}</p>}
      {job.error && <Alert tone="error">{job.error}</Alert>}
    </div>
  );
}

/** The CLI command that does the same, as it would be typed. */
export function CommandLine({ command }: { command: string }) {
  return (
    <code className="block overflow-x-auto rounded bg-slate-50 p-2 text-xs sm:col-span-2">
      {command}
    </code>
  );
}
