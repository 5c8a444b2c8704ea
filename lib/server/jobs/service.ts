import "server-only";

import { AppError } from "@/lib/errors";
import { say } from "@/lib/i18n/sentence";
import { mayCancel } from "@/lib/jobs/permissions";
import { countSteps } from "@/lib/jobs/progress";
import { isJobActive, type JobsDto, type JobSummaryDto } from "@/lib/schemas/jobs";
import { actorsIn, type ProjectContext } from "@/lib/server/core/context";
import { requestCancel } from "@/lib/server/core/jobs/leases";
import { cancelJobHere } from "@/lib/server/core/jobs/runner";
import { jobBase, listJobs, visibleJob, type JobRow } from "@/lib/server/core/jobs/store";
import { journalDb, journalScopes } from "@/lib/server/core/journal";

const summaryOf = (row: JobRow): JobSummaryDto => ({
  ...jobBase(row),
  kind: row.kind as JobSummaryDto["kind"],
  title: (JSON.parse(row.input) as { title?: string }).title ?? row.kind,
  steps: countSteps(JSON.parse(row.progress)),
});

/** The running and recent share runs and rollouts of the projects connected here. */
export async function readJobs(projects: ProjectContext): Promise<JobsDto> {
  const rows = await listJobs(await journalDb(), null, journalScopes(await projects.connections()));
  return { jobs: rows.map(summaryOf) };
}

/** Stops a job on whichever server runs it: what it did stays done, the rest is not done. */
export async function cancelJob(projects: ProjectContext, id: string): Promise<JobSummaryDto> {
  const notFound = say("jobs.notFound.job");
  const { row, base } = await visibleJob(projects, null, id, notFound);
  if (!isJobActive(base.status))
    throw new AppError("conflict", say("jobs.ended", { status: base.status }));
  if (
    !mayCancel(
      { userId: base.user.id, projectId: base.project.id },
      await actorsIn(projects, row.cloud),
    )
  )
    throw new AppError(
      "forbidden",
      say("jobs.cancelForbidden", { user: base.user.name, project: base.project.name }),
    );
  await requestCancel(await journalDb(), id, "jobs");
  cancelJobHere(id);
  return summaryOf((await visibleJob(projects, null, id, notFound)).row);
}
