"use client";

import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import { visibilityChangeDtoSchema, type ImageLocation, type MemberStatusValue } from "@/lib/schemas/images";
import {
  addMemberResultDtoSchema,
  invitationResultsDtoSchema,
  invitationsDtoSchema,
  membersDtoSchema,
  removeMemberResultDtoSchema,
  type InvitationRef,
} from "@/lib/schemas/sharing";
import { auditKeys } from "./audit";
import { imageKeys, imageLocationQuery } from "./images";
import { journalKeys } from "./journal";

export const invitationKeys = {
  all: ["invitations"] as const,
  list: (status: MemberStatusValue) => [...invitationKeys.all, status] as const,
};

export const invitationsQueryOptions = (status: MemberStatusValue) =>
  queryOptions({
    queryKey: invitationKeys.list(status),
    queryFn: ({ signal }) => apiFetch(`/api/invitations?status=${status}`, invitationsDtoSchema, { signal }),
  });

export const membersQueryOptions = (location: ImageLocation, imageId: string) =>
  queryOptions({
    queryKey: imageKeys.members(location, imageId),
    queryFn: ({ signal }) =>
      apiFetch(`/api/images/${encodeURIComponent(imageId)}/members?${imageLocationQuery(location)}`, membersDtoSchema, { signal }),
  });

/** Sharing changes both sides (the owner's images and members, the consumers' inboxes), the audit and the journal. */
export function useInvalidateSharing() {
  const client = useQueryClient();
  return () =>
    Promise.all(
      [imageKeys.all, invitationKeys.all, auditKeys.all, journalKeys.all].map((queryKey) => client.invalidateQueries({ queryKey })),
    );
}

function useSharingMutation<TVars, TResult>(mutationFn: (vars: TVars) => Promise<TResult>) {
  const invalidate = useInvalidateSharing();
  return useMutation({ mutationFn, onSettled: invalidate });
}

/** Switches an owned image between private and shared. */
export const changeVisibilityRequest = (location: ImageLocation, imageId: string, visibility: "private" | "shared") =>
  apiFetch(`/api/images/${encodeURIComponent(imageId)}`, visibilityChangeDtoSchema, { method: "PATCH", body: { ...location, visibility } });

export const useChangeVisibility = () =>
  useSharingMutation((vars: { location: ImageLocation; imageId: string; visibility: "private" | "shared" }) =>
    changeVisibilityRequest(vars.location, vars.imageId, vars.visibility),
  );

/** Invites one project to one image; an existing member comes back as `existing`. */
export const addMemberRequest = (location: ImageLocation, imageId: string, memberId: string) =>
  apiFetch(`/api/images/${encodeURIComponent(imageId)}/members`, addMemberResultDtoSchema, {
    method: "POST",
    body: { ...location, memberId },
  });

export const useAddMember = () =>
  useSharingMutation((vars: { location: ImageLocation; imageId: string; memberId: string }) =>
    addMemberRequest(vars.location, vars.imageId, vars.memberId),
  );

export const useRemoveMember = () =>
  useSharingMutation((vars: { location: ImageLocation; imageId: string; memberId: string }) =>
    apiFetch(
      `/api/images/${encodeURIComponent(vars.imageId)}/members/${encodeURIComponent(vars.memberId)}?${imageLocationQuery(vars.location)}`,
      removeMemberResultDtoSchema,
      { method: "DELETE" },
    ),
  );

export const useSetInvitationStatus = () =>
  useSharingMutation((vars: { status: MemberStatusValue; items: InvitationRef[] }) =>
    apiFetch("/api/invitations", invitationResultsDtoSchema, { method: "PATCH", body: vars }),
  );
