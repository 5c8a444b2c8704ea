"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { transfersQueryOptions } from "@/lib/queries/transfers";
import { isTransferActive } from "@/lib/schemas/transfers";

/** "Transfers" in the navigation, with the number running: a copy started on one page is seen from every other. */
export function TransfersNavLink({ className }: { className: string }) {
  const { data } = useQuery({ ...transfersQueryOptions(), staleTime: 30_000 });
  const active = data?.transfers.filter((t) => isTransferActive(t.status)).length ?? 0;
  return (
    <Link href="/transfers" className={className}>
      Transfers
      {/* Fixed width whether a count shows or not: no layout shift when it arrives. */}
      <span className={`ml-1 inline-block min-w-5 rounded-full px-1.5 text-center text-xs ${active > 0 ? "bg-brand-600 text-white" : ""}`}>
        {active > 0 && (
          <>
            {active}
            <span className="sr-only"> running</span>
          </>
        )}
      </span>
    </Link>
  );
}
