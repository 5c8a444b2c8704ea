import { apiRoute, readJson } from "@/lib/api/handler";
import { invitationsQuerySchema, setInvitationStatusSchema } from "@/lib/schemas/sharing";
import { listInvitations, setInvitationStatus } from "@/lib/sharing/service";

export const GET = apiRoute(async (req) => listInvitations(invitationsQuerySchema.parse(Object.fromEntries(req.nextUrl.searchParams)).status));

export const PATCH = apiRoute(async (req) => ({ results: await setInvitationStatus(await readJson(req, setInvitationStatusSchema)) }));
