import { connectSchema } from "@/lib/schemas/projects";
import { apiRoute, readJson } from "@/lib/server/api";
import { connect, disconnectAll } from "@/lib/server/projects/connect";

export const GET = apiRoute((_req, { projects }) => projects.dtos({ verify: true }));

export const POST = apiRoute(async (req, { projects, client }) =>
  connect(projects, await readJson(req, connectSchema), client),
);

export const DELETE = apiRoute(async (_req, { projects }) => {
  await disconnectAll(projects);
  return { ok: true };
});
