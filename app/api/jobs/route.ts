import { apiRoute } from "@/lib/server/api";
import { readJobs } from "@/lib/server/jobs/service";

export const GET = apiRoute((_req, { projects }) => readJobs(projects));
