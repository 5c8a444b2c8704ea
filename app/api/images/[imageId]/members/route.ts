import { z } from "zod";

import { imageIdSchema, imageLocationSchema } from "@/lib/schemas/images";
import { apiRoute, readParams, readQuery } from "@/lib/server/api";
import { listImageMembers } from "@/lib/server/members/service";

const paramsSchema = z.object({ imageId: imageIdSchema });

export const GET = apiRoute<{ imageId: string }>((req, { params, projects }) =>
  listImageMembers(
    projects,
    readQuery(req, imageLocationSchema),
    readParams(params, paramsSchema).imageId,
  ),
);
