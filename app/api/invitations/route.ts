import { invitationsQuerySchema, setInvitationStatusSchema } from "@/lib/schemas/invitations";
import { apiRoute, readJson, readQuery } from "@/lib/server/api";
import { listInvitations, setInvitationStatus } from "@/lib/server/invitations/service";

export const GET = apiRoute((req, { projects }) =>
  listInvitations(projects, readQuery(req, invitationsQuerySchema).status),
);

export const PATCH = apiRoute(async (req, { projects }) => ({
  results: await setInvitationStatus(projects, await readJson(req, setInvitationStatusSchema)),
}));
