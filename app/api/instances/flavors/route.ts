import { imageIdSchema, imageLocationSchema } from "@/lib/schemas/images";
import { apiRoute, readQuery } from "@/lib/server/api";
import { flavorChoices } from "@/lib/server/instances/launch";

const querySchema = imageLocationSchema.extend({ imageId: imageIdSchema });

/** The flavors a project may launch an image with, and its key pairs. */
export const GET = apiRoute((req, { projects }) => {
  const { imageId, ...location } = readQuery(req, querySchema);
  return flavorChoices(projects, location, imageId);
});
