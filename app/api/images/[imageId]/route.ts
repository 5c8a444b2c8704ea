import { apiRoute, readJson, readQuery } from "@/lib/server/api";
import { changeVisibility, getImageDetail } from "@/lib/server/images/service";
import { imageLocationSchema, setVisibilitySchema } from "@/lib/schemas/images";

type Params = { imageId: string };

export const GET = apiRoute<Params>((req, { params, projects }) => getImageDetail(projects, readQuery(req, imageLocationSchema), params.imageId));

export const PATCH = apiRoute<Params>(async (req, { params, projects }) => {
  const input = await readJson(req, setVisibilitySchema);
  return changeVisibility(projects, input, params.imageId, input.visibility);
});
