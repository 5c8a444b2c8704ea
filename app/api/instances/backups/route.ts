import { backupRequestSchema } from "@/lib/schemas/instances";
import { apiRoute, readJson } from "@/lib/server/api";
import { startBackup } from "@/lib/server/instances/backup";

/** Backs up (or snapshots) a server as a job; the answer is the job, to follow. */
export const POST = apiRoute(async (req, { projects }) =>
  startBackup(projects, await readJson(req, backupRequestSchema)),
);
