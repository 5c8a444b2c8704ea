import { apiRoute } from "@/lib/server/api";
import { reachableProjects } from "@/lib/server/projects/connect";

export const GET = apiRoute<{ id: string }>((_req, { params, projects }) =>
  reachableProjects(projects, params.id),
);
