import { apiRoute, readJson } from "@/lib/api/handler";
import { connect, disconnectAll, listConnections } from "@/lib/connections/service";
import { connectSchema } from "@/lib/schemas/connections";

export const GET = apiRoute(() => listConnections({ verify: true }));

export const POST = apiRoute(async (req) => connect(await readJson(req, connectSchema)));

export const DELETE = apiRoute(async () => {
  await disconnectAll();
  return { ok: true };
});
