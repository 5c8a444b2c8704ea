import { apiRoute, readQuery } from "@/lib/server/api";
import { removeImageMember } from "@/lib/server/members/service";
import { imageLocationSchema } from "@/lib/schemas/images";

export const DELETE = apiRoute<{ imageId: string; memberId: string }>((req, { params, projects }) =>
  removeImageMember(projects, readQuery(req, imageLocationSchema), params.imageId, params.memberId),
);
