import { z } from "zod";

import { jobIdSchema } from "@/lib/schemas/jobs";
import { apiRoute, readParams } from "@/lib/server/api";
import { readRolloutRun } from "@/lib/server/rollout/service";

export const GET = apiRoute<{ runId: string }>(async (_req, { params, projects }) =>
  readRolloutRun(projects, readParams(params, z.object({ runId: jobIdSchema })).runId),
);
