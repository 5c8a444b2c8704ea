import { z } from "zod";

import { jobIdSchema } from "@/lib/schemas/jobs";
import { apiRoute, readParams } from "@/lib/server/api";
import { readShareRun } from "@/lib/server/share/service";

export const GET = apiRoute<{ runId: string }>(async (_req, { params, projects }) =>
  readShareRun(projects, readParams(params, z.object({ runId: jobIdSchema })).runId),
);
