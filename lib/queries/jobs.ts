import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";

import { apiFetch } from "@/lib/api-client";
import {
  isJobActive,
  jobsDtoSchema,
  jobSummaryDtoSchema,
  type JobDtoBase,
} from "@/lib/schemas/jobs";
import type { z } from "@/lib/schemas/zod";

import { jobKeys } from "./keys";

/** How often a running job is asked for its progress. */
const JOB_POLL_MS = 500;

/** One job's progress (a share run, a rollout), asked again while it runs. */
export const jobQueryOptions = <S extends z.ZodType<JobDtoBase>>(
  queryKey: readonly unknown[],
  path: string,
  schema: S,
) =>
  queryOptions({
    queryKey,
    queryFn: ({ signal }) => apiFetch(path, schema, { signal }),
    refetchInterval: (query) =>
      !query.state.data || isJobActive((query.state.data as JobDtoBase).status)
        ? JOB_POLL_MS
        : false,
  });

/**
 * A kind of job the server runs: `start` POSTs a request to `path`, which answers with the
 * job as it starts; `query` reads it at `path/{id}`, again while it runs.
 */
export const jobKind = <R, S extends z.ZodType<JobDtoBase>>(
  path: string,
  key: (id: string) => readonly unknown[],
  schema: S,
) => ({
  start: (request: R) => apiFetch(path, schema, { method: "POST", body: request }),
  query: (id: string) => jobQueryOptions(key(id), `${path}/${encodeURIComponent(id)}`, schema),
});

/** The running and recent share runs and rollouts; asked again every second while one runs. */
export const jobsQueryOptions = () =>
  queryOptions({
    queryKey: jobKeys.all,
    queryFn: ({ signal }) => apiFetch("/api/jobs", jobsDtoSchema, { signal }),
    refetchInterval: (query) =>
      query.state.data?.jobs.some((j) => isJobActive(j.status)) ? 1_000 : false,
  });

/** Cancels a job on whichever server runs it. */
export const useCancelJob = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch(`/api/jobs/${encodeURIComponent(id)}/cancel`, jobSummaryDtoSchema, {
        method: "POST",
      }),
    onSettled: () => client.invalidateQueries({ queryKey: jobKeys.all }),
  });
};
