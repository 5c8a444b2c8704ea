"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";

import { CancelButton } from "@/components/common/cancel-button";
import { Alert } from "@/components/ui/alert";
import { DataTable } from "@/components/ui/data-table";
import { useFormat } from "@/lib/i18n/use-format";
import { jobsQueryOptions, useCancelJob } from "@/lib/queries/jobs";
import { isJobActive } from "@/lib/schemas/jobs";

/** Share runs and rollouts of the connected projects: what each did, while it runs and after. */
export function JobList() {
  const t = useTranslations("jobs");
  const format = useFormat();
  const { data, error, isPending } = useQuery(jobsQueryOptions());
  const cancel = useCancelJob();
  if (error) return <Alert tone="error">{t("unreadable", { message: error.message })}</Alert>;
  const jobs = data?.jobs ?? [];
  return (
    <div className="space-y-2">
      <DataTable
        error={cancel.error}
        caption={t("caption")}
        loading={isPending}
        empty={jobs.length === 0 ? t("none") : null}
        columns={[t("columns.what"), t("columns.project"), t("columns.steps"), t("columns.result")]}
      >
        {jobs.map((j) => (
          <tr key={j.id} className="border-t border-slate-200 align-top">
            <th scope="row" className="py-2 pr-4 text-left font-medium">
              {j.title}
              <span className="block text-xs font-normal text-slate-600">
                {t("by", { user: j.user.name, date: format.date(j.createdAt) })}
              </span>
            </th>
            <td className="py-2 pr-4">{j.project.name}</td>
            <td className="py-2 pr-4">
              {t("steps", { done: j.steps.done, total: j.steps.total })}
              {j.steps.failed > 0 && t("stepsFailed", { failed: j.steps.failed })}
            </td>
            <td className="py-2 pr-4">
              <span className="font-medium">{t(`status.${j.status}`)}</span>
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
