"use client";

import { useQuery } from "@tanstack/react-query";

import { CancelButton } from "@/components/common/cancel-button";
import { Alert } from "@/components/ui/alert";
import { DataTable } from "@/components/ui/data-table";
import { formatDate } from "@/lib/format";
import { jobsQueryOptions, useCancelJob } from "@/lib/queries/jobs";
import { isJobActive, type JobSummaryDto } from "@/lib/schemas/jobs";

const statusLabels: Record<JobSummaryDto["status"], string> = {
  queued: "Waiting its turn",
  running: "Running",
  done: "Done",
  failed: "Failed",
  cancelled: "Cancelled",
  interrupted: "Interrupted",
};

/** Share runs and rollouts of the connected projects: what each did, while it runs and after. */
export function JobList() {
  const { data, error, isPending } = useQuery(jobsQueryOptions());
  const cancel = useCancelJob();
  if (error) return <Alert tone="error">The jobs could not be read: {error.message}</Alert>;
  const jobs = data?.jobs ?? [];
  return (
    <div className="space-y-2">
      <DataTable
        error={cancel.error}
        caption="Share runs and rollouts"
        loading={isPending}
        empty={
          jobs.length === 0
            ? "No share runs or rollouts yet. They run on the server from the share wizard and the rollout page, and show here while they run and after."
            : null
        }
        columns={["What", "Project", "Steps", "Result"]}
      >
        {jobs.map((j) => (
          <tr key={j.id} className="border-t border-slate-200 align-top">
            <th scope="row" className="py-2 pr-4 text-left font-medium">
              {j.title}
              <span className="block text-xs font-normal text-slate-600">
                {j.user.name}, {formatDate(j.createdAt)}
              </span>
            </th>
            <td className="py-2 pr-4">{j.project.name}</td>
            <td className="py-2 pr-4">
              {j.steps.done} of {j.steps.total} done
              {j.steps.failed > 0 && `, ${j.steps.failed} failed`}
            </td>
            <td className="py-2 pr-4">
              <span className="font-medium">{statusLabels[j.status]}</span>
              {j.error && <span className="block text-xs text-red-700">{j.error}</span>}
              {isJobActive(j.status) && (
                <span className="mt-1 block">
                  <CancelButton
                    id={j.id}
                    owner={{ userId: j.user.id, projectId: j.project.id }}
                    cancel={cancel}
                  />
                </span>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
