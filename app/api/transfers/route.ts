import { transferRequestSchema } from "@/lib/schemas/transfers";
import { apiRoute, readJson } from "@/lib/server/api";
import { readTransfers, startTransfers } from "@/lib/server/transfers/service";

export const GET = apiRoute((_req, { projects }) => readTransfers(projects));

// Answers once the transfers are recorded; they run on after the answer.
export const POST = apiRoute(async (req, { projects }) =>
  startTransfers(projects, await readJson(req, transferRequestSchema)),
);
