import { apiRoute } from "@/lib/api/handler";
import { listProjectImages } from "@/lib/images/service";
import { imageListQuerySchema } from "@/lib/schemas/images";

export const GET = apiRoute<{ id: string }>(async (req, { id }) => {
  const query = imageListQuerySchema.parse(Object.fromEntries(req.nextUrl.searchParams));
  return listProjectImages(id, query.region, query.next);
});
