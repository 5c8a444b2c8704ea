import { z } from "zod";

import { imageChangeSchema, imageIdSchema, imageLocationSchema } from "@/lib/schemas/images";
import { apiRoute, readJson, readParams, readQuery } from "@/lib/server/api";
import { changeImage, getImageDetail } from "@/lib/server/images/service";

const paramsSchema = z.object({ imageId: imageIdSchema });

export const GET = apiRoute<{ imageId: string }>((req, { params, projects }) =>
  getImageDetail(
    projects,
    readQuery(req, imageLocationSchema),
    readParams(params, paramsSchema).imageId,
  ),
);

export const PATCH = apiRoute<{ imageId: string }>(async (req, { params, projects }) => {
  const { imageId } = readParams(params, paramsSchema);
  return changeImage(projects, await readJson(req, imageChangeSchema), imageId);
});
