"use client";

import { queryOptions } from "@tanstack/react-query";

import { apiFetch } from "@/lib/api-client";
import type { MemberStatusValue } from "@/lib/schemas/images";
import {
  invitationResultsDtoSchema,
  invitationsDtoSchema,
  type InvitationRef,
} from "@/lib/schemas/invitations";

import { invitationKeys } from "./keys";
import { useSharingMutation } from "./shared";

export const invitationsQueryOptions = (status: MemberStatusValue) =>
  queryOptions({
    queryKey: invitationKeys.list(status),
    queryFn: ({ signal }) =>
      apiFetch(`/api/invitations?status=${status}`, invitationsDtoSchema, { signal }),
  });

/** Accepts, rejects or resets invitations in one request; each item has its own result. */
export const useSetInvitationStatus = () =>
  useSharingMutation((vars: { status: MemberStatusValue; items: InvitationRef[] }) =>
    apiFetch("/api/invitations", invitationResultsDtoSchema, { method: "PATCH", body: vars }),
  );
