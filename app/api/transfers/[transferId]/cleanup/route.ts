import { z } from "zod";
import { apiRoute, readParams } from "@/lib/server/api";
import { cleanUpTransfer } from "@/lib/server/transfers/service";
import { transferIdSchema } from "@/lib/schemas/transfers";

export const POST = apiRoute<{ transferId: string }>(async (_req, { params, projects }) =>
  cleanUpTransfer(projects, readParams(params, z.object({ transferId: transferIdSchema })).transferId),
);
