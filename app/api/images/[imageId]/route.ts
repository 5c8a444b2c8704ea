import { apiRoute, readJson, readParams, readQuery } from "@/lib/server/api";
import { changeVisibility, getImageDetail } from "@/lib/server/images/service";
import { imageIdSchema, imageLocationSchema, setVisibilitySchema } from "@/lib/schemas/images";
import { z } from "zod";

const paramsSchema = z.object({ imageId: imageIdSchema });

export const GET = apiRoute<{ imageId: string }>((req, { params, projects }) =>
  getImageDetail(projects, readQuery(req, imageLocationSchema), readParams(params, paramsSchema).imageId),
);

export const PATCH = apiRoute<{ imageId: string }>(async (req, { params, projects }) => {
  const { imageId } = readParams(params, paramsSchema);
  const input = await readJson(req, setVisibilitySchema);
  return changeVisibility(projects, input, imageId, input.visibility);
});
