import { queryOptions } from "@tanstack/react-query";

import { apiFetch } from "@/lib/api-client";
import { isJobActive, shareRunDtoSchema, type ShareRunRequest } from "@/lib/schemas/share";

import { shareKeys } from "./keys";

/** How often a running share run is asked for its progress. */
const SHARE_RUN_POLL_MS = 500;

/** Starts a share run on the server; it goes on whatever this page does. */
export const startShareRunRequest = (request: ShareRunRequest) =>
  apiFetch("/api/share/runs", shareRunDtoSchema, {
    method: "POST",
    body: request,
  });

/** One share run's progress, asked again while it runs. */
export const shareRunQueryOptions = (id: string) =>
  queryOptions({
    queryKey: shareKeys.run(id),
    queryFn: ({ signal }) =>
      apiFetch(`/api/share/runs/${encodeURIComponent(id)}`, shareRunDtoSchema, { signal }),
    refetchInterval: (query) =>
      !query.state.data || isJobActive(query.state.data.status) ? SHARE_RUN_POLL_MS : false,
  });
