import { z } from "zod";

import { jobIdSchema } from "@/lib/schemas/jobs";
import { apiRoute, readParams } from "@/lib/server/api";
import { readBackup } from "@/lib/server/instances/backup";

const paramsSchema = z.object({ jobId: jobIdSchema });

export const GET = apiRoute<{ jobId: string }>((_req, { params, projects }) =>
  readBackup(projects, readParams(params, paramsSchema).jobId),
);
