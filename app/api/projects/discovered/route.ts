import { connectDiscoveredSchema } from "@/lib/schemas/projects";
import { apiRoute, readJson } from "@/lib/server/api";
import { connectDiscovered } from "@/lib/server/projects/connect";

export const POST = apiRoute(async (req, { projects }) =>
  connectDiscovered(projects, (await readJson(req, connectDiscoveredSchema)).projectIds),
);
