"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";

import { messageOf } from "@/components/common/use-report";
import { ApiError } from "@/lib/api-client";
import { shareRunQueryOptions, startShareRunRequest } from "@/lib/queries/share";
import { useInvalidateSharing } from "@/lib/queries/shared";
import { isJobActive, type PairState, type VisibilityState } from "@/lib/schemas/share";
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
  const [runId, setRunId] = useState<string | null>(null);
  const [refused, setRefused] = useState<{ plan: SharePlan; err: unknown } | null>(null);
  const [starting, setStarting] = useState(false);
  const invalidate = useInvalidateSharing();
  const { data } = useQuery({ ...shareRunQueryOptions(runId ?? ""), enabled: runId !== null });
  const done = data !== undefined && !isJobActive(data.status);

  useEffect(() => {
    if (done) void invalidate();
  }, [done, invalidate]);

  const run = async (connectionId: string, plan: SharePlan) => {
    setStarting(true);
    setRefused(null);
    try {
      const started = await startShareRunRequest({
        connection: connectionId,
        pairs: plan.pairs.map((p) => ({
          region: p.image.region,
          imageId: p.image.id,
          memberId: p.member.id,
        })),
      });
      setRunId(started.id);
    } catch (err) {
      // Refused before anything was sent to Glance: every pair says why.
      setRefused({ plan, err });
    } finally {
      setStarting(false);
    }
  };

  const pairs = useMemo(() => {
    if (refused) {
      const code = refused.err instanceof ApiError ? refused.err.code : "internal";
      const message = messageOf(refused.err);
      return new Map<string, PairState>(
        refused.plan.pairs.map((p) => [
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
  const phase: "idle" | "running" | "done" =
    refused || done ? "done" : starting || runId !== null ? "running" : "idle";

  return { run, phase, pairs, visibility, runId, error: data?.error ?? null };
}
