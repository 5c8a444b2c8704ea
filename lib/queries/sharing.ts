"use client";

import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { apiFetch } from "@/lib/api-client";
import { imageDetailDtoSchema, type ImageLocation, type MemberStatusValue } from "@/lib/schemas/images";
import {
  addMemberResultDtoSchema,
  invitationResultsDtoSchema,
  invitationsDtoSchema,
  membersDtoSchema,
  type InvitationRef,
} from "@/lib/schemas/sharing";
import { imageKeys, imageLocationQuery } from "./images";

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

const okSchema = z.object({ ok: z.literal(true) });

/** Sharing changes both sides: the owner's images and members, and the consumers' inboxes. */
export function useInvalidateSharing() {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: imageKeys.all }), client.invalidateQueries({ queryKey: invitationKeys.all })]);
}

function useSharingMutation<TVars, TResult>(mutationFn: (vars: TVars) => Promise<TResult>) {
  const invalidate = useInvalidateSharing();
  return useMutation({ mutationFn, onSettled: invalidate });
}

/** Switches an owned image between private and shared. */
export const changeVisibilityRequest = (location: ImageLocation, imageId: string, visibility: "private" | "shared") =>
  apiFetch(`/api/images/${encodeURIComponent(imageId)}`, imageDetailDtoSchema, { method: "PATCH", body: { ...location, visibility } });

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
      okSchema,
      { method: "DELETE" },
    ),
  );

export const useSetInvitationStatus = () =>
  useSharingMutation((vars: { status: MemberStatusValue; items: InvitationRef[] }) =>
    apiFetch("/api/invitations", invitationResultsDtoSchema, { method: "PATCH", body: vars }),
  );
