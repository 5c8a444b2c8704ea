import { apiRoute } from "@/lib/api/handler";
import { disconnect } from "@/lib/connections/service";

export const DELETE = apiRoute<{ id: string }>(async (_req, { id }) => {
  await disconnect(id);
  return { ok: true };
});
