import { discoverSchema } from "@/lib/schemas/projects";
import { apiRoute, readJson } from "@/lib/server/api";
import { discover } from "@/lib/server/projects/connect";

export const POST = apiRoute(async (req, { projects, client }) =>
  discover(projects, await readJson(req, discoverSchema), client),
);
