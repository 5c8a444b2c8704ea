"use client";

import { useMemo } from "react";

import { useJob } from "@/components/common/use-job";
import { ApiError, messageOf } from "@/lib/api-client";
import { shareRuns } from "@/lib/queries/share";
import type { PairState, VisibilityState } from "@/lib/schemas/share";
import type { PlanImage, SharePlan } from "@/lib/share/plan";

export type { PairState, VisibilityState };

export const pairKey = (image: Pick<PlanImage, "region" | "id">, memberId: string) =>
  `${image.region}|${image.id}|${memberId}`;

/**
 * Starts a share plan as a run on the server and follows it: private images become shared
 * first, then every image × project is invited. The server runs it whatever this page does
 * (a closed tab or a lost network changes nothing); this hook only shows how far it is.
 */
export function useShareRun() {
  const job = useJob(
    shareRuns.query,
    ({ connection, plan }: { connection: string; plan: SharePlan }) =>
      shareRuns.start({
        connection,
        pairs: plan.pairs.map((p) => ({
          region: p.image.region,
          imageId: p.image.id,
          memberId: p.member.id,
        })),
      }),
  );
  const { data, refused } = job;
  const pairs = useMemo(() => {
    if (refused) {
      // Refused before anything was sent to Glance: every pair says why.
      const code = refused.err instanceof ApiError ? refused.err.code : "internal";
      const message = messageOf(refused.err);
      return new Map<string, PairState>(
        refused.asked.plan.pairs.map((p) => [
          pairKey(p.image, p.member.id),
          { state: "failed", code, message },
        ]),
      );
    }
    return new Map(Object.entries(data?.pairs ?? {}));
  }, [data, refused]);
  const visibility = useMemo(
    () => new Map<string, VisibilityState>(Object.entries(data?.visibility ?? {})),
    [data],
  );
  return {
    run: (connection: string, plan: SharePlan) => job.run({ connection, plan }),
    phase: job.phase,
    pairs,
    visibility,
    error: data?.error ?? null,
  };
}
