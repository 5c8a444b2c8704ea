import { imageListQuerySchema } from "@/lib/schemas/images";
import { apiRoute, readQuery } from "@/lib/server/api";
import { listImagesPage } from "@/lib/server/images/service";

export const GET = apiRoute((req, { projects }) =>
  listImagesPage(projects, readQuery(req, imageListQuerySchema)),
);
