"use client";

import { queryOptions } from "@tanstack/react-query";

import { apiFetch, apiStream } from "@/lib/api-client";
import type { ImageLocation } from "@/lib/schemas/images";
import {
  memberAddEventSchema,
  membersDtoSchema,
  removeMemberResultDtoSchema,
  type MemberAddRef,
  type MemberAddResultDto,
} from "@/lib/schemas/members";

import { located } from "./images";
import { memberKeys } from "./keys";
import { useSharingMutation } from "./shared";

const membersPath = (imageId: string) => `/api/images/${encodeURIComponent(imageId)}/members`;

export const membersQueryOptions = (location: ImageLocation, imageId: string) =>
  queryOptions({
    queryKey: memberKeys.list(location, imageId),
    queryFn: ({ signal }) =>
      apiFetch(located(membersPath(imageId), location), membersDtoSchema, { signal }),
  });

export interface InviteVars {
  items: MemberAddRef[];
  /** Called as each pair's result arrives (the server streams them). */
  onResult?: (index: number, result: MemberAddResultDto) => void;
}

/** Invites image × project pairs in one request; resolves with every pair's result, in order. */
export async function inviteMembers({
  items,
  onResult,
}: InviteVars): Promise<MemberAddResultDto[]> {
  const results: MemberAddResultDto[] = new Array(items.length);
  for await (const { index, result } of apiStream("/api/members", memberAddEventSchema, {
    method: "POST",
    body: { items },
  })) {
    results[index] = result;
    onResult?.(index, result);
  }
  return results;
}

/** The one way to invite: the share wizard and the member table both use it. */
export const useInviteMembers = () => useSharingMutation(inviteMembers);

/** Removes one project from an image: it loses the image at once. */
export const removeMemberRequest = (vars: {
  location: ImageLocation;
  imageId: string;
  memberId: string;
}) =>
  apiFetch(
    located(`${membersPath(vars.imageId)}/${encodeURIComponent(vars.memberId)}`, vars.location),
    removeMemberResultDtoSchema,
    { method: "DELETE" },
  );

export const useRemoveMember = () => useSharingMutation(removeMemberRequest);
