import { z } from "zod";
import { apiRoute, readParams } from "@/lib/server/api";
import { cancelTransfer } from "@/lib/server/transfers/service";
import { transferIdSchema } from "@/lib/schemas/transfers";

export const POST = apiRoute<{ transferId: string }>(async (_req, { params, projects }) =>
  cancelTransfer(projects, readParams(params, z.object({ transferId: transferIdSchema })).transferId),
);
