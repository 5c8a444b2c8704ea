import { apiRoute, readJson } from "@/lib/api/handler";
import { connectDiscovered } from "@/lib/connections/service";
import { connectDiscoveredSchema } from "@/lib/schemas/connections";

export const POST = apiRoute(async (req) => connectDiscovered((await readJson(req, connectDiscoveredSchema)).projectIds));
