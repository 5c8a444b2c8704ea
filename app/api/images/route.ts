import { apiRoute, readQuery } from "@/lib/server/api";
import { listImagesPage } from "@/lib/server/images/service";
import { imageListQuerySchema } from "@/lib/schemas/images";

export const GET = apiRoute((req, { projects }) => listImagesPage(projects, readQuery(req, imageListQuerySchema)));
