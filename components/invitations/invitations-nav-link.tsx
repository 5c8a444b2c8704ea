"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { invitationsQueryOptions } from "@/lib/queries/invitations";

/** "Invitations" in the navigation, with the number pending across connected projects. */
export function InvitationsNavLink({ className }: { className: string }) {
  const { data } = useQuery({ ...invitationsQueryOptions("pending"), staleTime: 30_000 });
  const pending = data?.invitations.length ?? 0;
  return (
    <Link href="/invitations" className={className}>
      Invitations
      {/* Fixed width whether a count shows or not: no layout shift when it arrives. */}
      <span className={`ml-1 inline-block min-w-5 rounded-full px-1.5 text-center text-xs ${pending > 0 ? "bg-brand-600 text-white" : ""}`}>
        {pending > 0 && (
          <>
            {pending}
            <span className="sr-only"> pending</span>
          </>
        )}
      </span>
    </Link>
  );
}
