import { apiRoute, readJson } from "@/lib/api/handler";
import { discover } from "@/lib/connections/service";
import { discoverSchema } from "@/lib/schemas/connections";

export const POST = apiRoute(async (req) => discover(await readJson(req, discoverSchema)));
