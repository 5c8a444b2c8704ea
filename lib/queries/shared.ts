"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";

import { accessKeys, imageKeys, invitationKeys, journalKeys, memberKeys } from "./keys";

/** A query string from the set values only. */
export const search = (params: Record<string, string | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  return q.toString();
};

/** Sharing changes both sides (the owner's images and members, the consumers' invitations), the access audit and the journal. */
export function useInvalidateSharing() {
  const client = useQueryClient();
  return () =>
    Promise.all(
      [imageKeys.all, memberKeys.all, invitationKeys.all, accessKeys.all, journalKeys.all].map(
        (queryKey) => client.invalidateQueries({ queryKey }),
      ),
    );
}

/** A mutation that changes sharing: everything it may have changed is read again, whatever the outcome. */
export function useSharingMutation<TVars, TResult>(mutationFn: (vars: TVars) => Promise<TResult>) {
  const invalidate = useInvalidateSharing();
  return useMutation({ mutationFn, onSettled: invalidate });
}
