import { queryOptions } from "@tanstack/react-query";

import { apiFetch } from "@/lib/api-client";
import { isJobActive, type JobDtoBase } from "@/lib/schemas/jobs";
import type { z } from "@/lib/schemas/zod";

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
