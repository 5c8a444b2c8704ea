import { shareRunRequestSchema } from "@/lib/schemas/share";
import { apiRoute, readJson } from "@/lib/server/api";
import { startShareRun } from "@/lib/server/share/service";

// Answers once the run is recorded; it runs on after the answer, whatever the browser does.
export const POST = apiRoute(async (req, { projects }) =>
  startShareRun(projects, await readJson(req, shareRunRequestSchema)),
);
