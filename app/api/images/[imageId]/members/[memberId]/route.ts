import { z } from "zod";

import { imageIdSchema, imageLocationSchema } from "@/lib/schemas/images";
import { existingMemberIdSchema } from "@/lib/schemas/members";
import { apiRoute, readParams, readQuery } from "@/lib/server/api";
import { removeImageMember } from "@/lib/server/members/service";

const paramsSchema = z.object({ imageId: imageIdSchema, memberId: existingMemberIdSchema });

export const DELETE = apiRoute<{ imageId: string; memberId: string }>(
  (req, { params, projects }) => {
    const { imageId, memberId } = readParams(params, paramsSchema);
    return removeImageMember(projects, readQuery(req, imageLocationSchema), imageId, memberId);
  },
);
