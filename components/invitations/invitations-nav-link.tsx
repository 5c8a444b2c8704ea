"use client";

import { useQuery } from "@tanstack/react-query";

import { CountedNavLink } from "@/components/common/counted-nav-link";
import { invitationsQueryOptions } from "@/lib/queries/invitations";

/** "Invitations" in the navigation, with the number pending across connected projects. */
export function InvitationsNavLink({ className }: { className: string }) {
  const { data } = useQuery({ ...invitationsQueryOptions("pending"), staleTime: 30_000 });
  return (
    <CountedNavLink
      href="/invitations"
      label="Invitations"
      count={data?.invitations.length ?? 0}
      countLabel="pending"
      className={className}
    />
  );
}
