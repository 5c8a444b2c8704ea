"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";

import { CountedNavLink } from "@/components/common/counted-nav-link";
import { invitationsQueryOptions } from "@/lib/queries/invitations";

/** "Invitations" in the navigation, with the number pending across connected projects. */
export function InvitationsNavLink({ className }: { className: string }) {
  const t = useTranslations("nav");
  const { data } = useQuery({ ...invitationsQueryOptions("pending"), staleTime: 30_000 });
  return (
    <CountedNavLink
      href="/invitations"
      label={t("invitations")}
      count={data?.invitations.length ?? 0}
      countLabel={t("pending")}
      className={className}
    />
  );
}
