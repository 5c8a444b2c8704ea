import { listConsumed } from "@/lib/server/access/service";
import { apiRoute } from "@/lib/server/api";

export const GET = apiRoute((_req, { projects }) => listConsumed(projects));
