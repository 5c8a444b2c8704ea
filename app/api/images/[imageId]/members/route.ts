import { apiRoute, readQuery } from "@/lib/server/api";
import { listImageMembers } from "@/lib/server/members/service";
import { imageLocationSchema } from "@/lib/schemas/images";

export const GET = apiRoute<{ imageId: string }>((req, { params, projects }) =>
  listImageMembers(projects, readQuery(req, imageLocationSchema), params.imageId),
);
