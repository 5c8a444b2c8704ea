"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";

import { CountedNavLink } from "@/components/common/counted-nav-link";
import { transfersQueryOptions } from "@/lib/queries/transfers";
import { isTransferActive } from "@/lib/schemas/transfers";

/** "Transfers" in the navigation, with the number running: a copy started on one page is seen from every other. */
export function TransfersNavLink({ className }: { className: string }) {
  const nav = useTranslations("nav");
  const { data } = useQuery({ ...transfersQueryOptions(), staleTime: 30_000 });
  const active = data?.transfers.filter((t) => isTransferActive(t.status)).length ?? 0;
  return (
    <CountedNavLink
      href="/transfers"
      label={nav("transfers")}
      count={active}
      countLabel={nav("running")}
      className={className}
    />
  );
}
