import { rolloutRunRequestSchema } from "@/lib/schemas/rollout";
import { apiRoute, readJson } from "@/lib/server/api";
import { startRolloutRun } from "@/lib/server/rollout/service";

// Answers once the rollout is planned and recorded; it runs on after the answer.
export const POST = apiRoute(async (req, { projects }) =>
  startRolloutRun(projects, await readJson(req, rolloutRunRequestSchema)),
);
