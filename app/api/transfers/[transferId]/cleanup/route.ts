import { z } from "zod";

import { transferIdSchema } from "@/lib/schemas/transfers";
import { apiRoute, readParams } from "@/lib/server/api";
import { cleanUpTransfer } from "@/lib/server/transfers/service";

export const POST = apiRoute<{ transferId: string }>(async (_req, { params, projects }) =>
  cleanUpTransfer(
    projects,
    readParams(params, z.object({ transferId: transferIdSchema })).transferId,
  ),
);
