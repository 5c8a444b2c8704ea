import { z } from "zod";

import { transferIdSchema } from "@/lib/schemas/transfers";
import { apiRoute, readParams } from "@/lib/server/api";
import { cancelTransfer } from "@/lib/server/transfers/service";

export const POST = apiRoute<{ transferId: string }>(async (_req, { params, projects }) =>
  cancelTransfer(
    projects,
    readParams(params, z.object({ transferId: transferIdSchema })).transferId,
  ),
);
