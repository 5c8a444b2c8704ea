import { apiRoute, readJson } from "@/lib/api/handler";
import { changeVisibility, getImageDetail } from "@/lib/images/service";
import { imageLocationSchema, setVisibilitySchema } from "@/lib/schemas/images";

type Params = { imageId: string };

export const GET = apiRoute<Params>((req, { imageId }) =>
  getImageDetail(imageLocationSchema.parse(Object.fromEntries(req.nextUrl.searchParams)), imageId),
);

export const PATCH = apiRoute<Params>(async (req, { imageId }) => {
  const input = await readJson(req, setVisibilitySchema);
  return changeVisibility(input, imageId, input.visibility);
});
