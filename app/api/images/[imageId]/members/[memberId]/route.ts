import { apiRoute } from "@/lib/api/handler";
import { imageLocationSchema } from "@/lib/schemas/images";
import { removeImageMember } from "@/lib/sharing/service";

export const DELETE = apiRoute<{ imageId: string; memberId: string }>((req, { imageId, memberId }) =>
  removeImageMember(imageLocationSchema.parse(Object.fromEntries(req.nextUrl.searchParams)), imageId, memberId),
);
