import { rolloutRunDtoSchema, type RolloutRunRequest } from "@/lib/schemas/rollout";

import { jobKind } from "./jobs";
import { rolloutKeys } from "./keys";

/** Rollouts, on the server: one goes on whatever the page that started it does. */
export const rollouts = jobKind<RolloutRunRequest, typeof rolloutRunDtoSchema>(
  "/api/rollout/runs",
  rolloutKeys.run,
  rolloutRunDtoSchema,
);
