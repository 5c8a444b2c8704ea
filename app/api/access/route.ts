import type { AccessEvent } from "@/lib/schemas/access";
import { prepareAccess } from "@/lib/server/access/service";
import { apiRoute, ndjsonResponse } from "@/lib/server/api";
import { failureOf } from "@/lib/server/core/fan-out";

// Newline-delimited JSON: the page shows rows as each image's members arrive.
export const GET = apiRoute(async (_req, { projects }) =>
  ndjsonResponse<AccessEvent>(await prepareAccess(projects), (err) => [
    {
      type: "failure",
      failure: failureOf({ connectionId: "", projectName: "The audit", region: null }, err),
    },
    { type: "done", ms: 0 },
  ]),
);
