import { apiFetch } from "@/lib/api-client";
import { rolloutRunDtoSchema, type RolloutRunRequest } from "@/lib/schemas/rollout";

import { jobQueryOptions } from "./jobs";
import { rolloutKeys } from "./keys";

/** Starts a rollout on the server; it goes on whatever this page does. */
export const startRolloutRunRequest = (request: RolloutRunRequest) =>
  apiFetch("/api/rollout/runs", rolloutRunDtoSchema, { method: "POST", body: request });

/** One rollout's progress, asked again while it runs. */
export const rolloutRunQueryOptions = (id: string) =>
  jobQueryOptions(
    rolloutKeys.run(id),
    `/api/rollout/runs/${encodeURIComponent(id)}`,
    rolloutRunDtoSchema,
  );
