import { imageLocationSchema } from "@/lib/schemas/images";
import { apiRoute, readQuery } from "@/lib/server/api";
import { readTargetUsage } from "@/lib/server/transfers/service";

export const GET = apiRoute((req, { projects }) =>
  readTargetUsage(projects, readQuery(req, imageLocationSchema)),
);
