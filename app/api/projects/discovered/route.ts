import { apiRoute, readJson } from "@/lib/server/api";
import { connectDiscovered } from "@/lib/server/projects/connect";
import { connectDiscoveredSchema } from "@/lib/schemas/projects";

export const POST = apiRoute(async (req, { projects }) => connectDiscovered(projects, (await readJson(req, connectDiscoveredSchema)).projectIds));
