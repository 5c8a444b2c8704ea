import { apiFetch } from "@/lib/api-client";
import { shareRunDtoSchema, type ShareRunRequest } from "@/lib/schemas/share";

import { jobQueryOptions } from "./jobs";
import { shareKeys } from "./keys";

/** Starts a share run on the server; it goes on whatever this page does. */
export const startShareRunRequest = (request: ShareRunRequest) =>
  apiFetch("/api/share/runs", shareRunDtoSchema, { method: "POST", body: request });

/** One share run's progress, asked again while it runs. */
export const shareRunQueryOptions = (id: string) =>
  jobQueryOptions(
    shareKeys.run(id),
    `/api/share/runs/${encodeURIComponent(id)}`,
    shareRunDtoSchema,
  );
