import { instancesQuerySchema } from "@/lib/schemas/instances";
import { apiRoute, readQuery } from "@/lib/server/api";
import { listInstances } from "@/lib/server/instances/service";

export const GET = apiRoute((req, { projects }) =>
  listInstances(projects, readQuery(req, instancesQuerySchema)),
);
