import { z } from "zod";

import { jobIdSchema } from "@/lib/schemas/jobs";
import { apiRoute, readParams } from "@/lib/server/api";
import { readLaunch } from "@/lib/server/instances/launch";

const paramsSchema = z.object({ jobId: jobIdSchema });

export const GET = apiRoute<{ jobId: string }>((_req, { params, projects }) =>
  readLaunch(projects, readParams(params, paramsSchema).jobId),
);
