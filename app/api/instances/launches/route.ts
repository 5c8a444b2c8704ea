import { launchRequestSchema } from "@/lib/schemas/instances";
import { apiRoute, readJson } from "@/lib/server/api";
import { startLaunch } from "@/lib/server/instances/launch";

/** Boots a server from an image as a job; the answer is the job, to follow. */
export const POST = apiRoute(async (req, { projects }) =>
  startLaunch(projects, await readJson(req, launchRequestSchema)),
);
