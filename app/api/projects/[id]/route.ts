import { apiRoute } from "@/lib/server/api";
import { disconnect } from "@/lib/server/projects/connect";

export const DELETE = apiRoute<{ id: string }>(async (_req, { params, projects }) => {
  await disconnect(projects, params.id);
  return { ok: true };
});
