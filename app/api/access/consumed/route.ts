import { apiRoute } from "@/lib/server/api";
import { listConsumed } from "@/lib/server/access/service";

export const GET = apiRoute((_req, { projects }) => listConsumed(projects));
