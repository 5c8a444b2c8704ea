import { z } from "zod";

import { imageIdSchema, imageLocationSchema } from "@/lib/schemas/images";
import { apiRoute, readParams, readQuery } from "@/lib/server/api";
import { serversOnImage } from "@/lib/server/instances/image-servers";

const paramsSchema = z.object({ imageId: imageIdSchema });

/** Who runs servers on an image: its owner and each member, where connected here. */
export const GET = apiRoute<{ imageId: string }>((req, { params, projects }) =>
  serversOnImage(
    projects,
    readQuery(req, imageLocationSchema),
    readParams(params, paramsSchema).imageId,
  ),
);
