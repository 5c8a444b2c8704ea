import { z } from "zod";

import { jobIdSchema } from "@/lib/schemas/jobs";
import { apiRoute, readParams } from "@/lib/server/api";
import { cancelJob } from "@/lib/server/jobs/service";

export const POST = apiRoute<{ jobId: string }>(async (_req, { params, projects }) =>
  cancelJob(projects, readParams(params, z.object({ jobId: jobIdSchema })).jobId),
);
