"use client";

import { useMemo } from "react";

import { useJob } from "@/components/common/use-job";
import { messageOf } from "@/lib/api-client";
import { rollouts } from "@/lib/queries/rollout";
import type { RolloutOptions, RolloutPlan } from "@/lib/rollout/plan";
import type { MemberRun, StepState } from "@/lib/schemas/rollout";

export type { MemberRun, StepState };

const NO_STEPS = { share: null, predecessor: null, hide: null };

/**
 * Starts a rollout on the server and follows it. The server plans it again from what Glance
 * says and runs it in the order that never leaves a consumer without an image (see
 * lib/server/rollout); a closed tab or a lost network changes nothing.
 */
export function useRolloutRun() {
  const job = useJob(
    rollouts.query,
    (asked: { connection: string; plan: RolloutPlan; options: RolloutOptions }) =>
      rollouts.start({
        connection: asked.connection,
        region: asked.plan.old.region,
        oldId: asked.plan.old.id,
        nextId: asked.plan.next.id,
        options: asked.options,
      }),
  );
  const { data, refused } = job;
  const steps = useMemo(() => {
    if (!refused) return data?.steps ?? NO_STEPS;
    // Refused before anything was sent to Glance: the first step says why.
    const failed: StepState = { state: "failed", message: messageOf(refused.err) };
    const { plan } = refused.asked;
    return plan.makeShared
      ? { ...NO_STEPS, share: failed }
      : plan.setPredecessor
        ? { ...NO_STEPS, predecessor: failed }
        : { ...NO_STEPS, hide: failed };
  }, [data, refused]);
  const members = useMemo(() => new Map(Object.entries(data?.members ?? {})), [data]);
  return {
    run: (connection: string, plan: RolloutPlan, options: RolloutOptions) =>
      job.run({ connection, plan, options }),
    phase: job.phase,
    steps,
    members,
    error: refused ? messageOf(refused.err) : (data?.error ?? null),
  };
}
