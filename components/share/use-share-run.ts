"use client";

import { useState } from "react";
import { mapSettled } from "@/lib/concurrency";
import { addMemberRequest, changeVisibilityRequest, useInvalidateSharing } from "@/lib/queries/sharing";
import type { MemberStatusValue } from "@/lib/schemas/images";
import type { PlanImage, SharePlan } from "@/lib/sharing/plan";

const CONCURRENCY = 4;

export type PairState =
  | { state: "waiting" | "running" }
  | { state: "added" | "existing"; status: MemberStatusValue; journalError: string | null }
  | { state: "failed"; code: string; message: string };

export type VisibilityState =
  | { state: "waiting" | "running" }
  | { state: "done"; journalError: string | null }
  | { state: "failed"; message: string };

export const pairKey = (image: PlanImage, memberId: string) => `${image.region}|${image.id}|${memberId}`;
const imageKey = (image: PlanImage) => `${image.region}|${image.id}`;

const errorOf = (reason: unknown) => ({
  code: reason instanceof Error && "code" in reason ? String(reason.code) : "internal",
  message: reason instanceof Error ? reason.message : "Failed for an unknown reason.",
});

/**
 * Runs a share plan: private images become shared first, then every image × project is
 * invited, a few at a time. Each pair ends added, existing (with its status) or failed
 * with Glance's reason; an image that could not be made shared fails its pairs, saying so.
 */
export function useShareRun() {
  const [pairs, setPairs] = useState<Map<string, PairState>>(new Map());
  const [visibility, setVisibility] = useState<Map<string, VisibilityState>>(new Map());
  const [phase, setPhase] = useState<"idle" | "running" | "done">("idle");
  const invalidate = useInvalidateSharing();

  const run = async (connectionId: string, plan: SharePlan) => {
    const setPair = (key: string, s: PairState) => setPairs((m) => new Map(m).set(key, s));
    const setVis = (key: string, s: VisibilityState) => setVisibility((m) => new Map(m).set(key, s));
    setPhase("running");
    setPairs(new Map(plan.pairs.map((p) => [pairKey(p.image, p.member.id), { state: "waiting" }])));
    setVisibility(new Map(plan.makeShared.map((i) => [imageKey(i), { state: "waiting" }])));

    const failedImages = new Map<string, string>();
    await mapSettled(plan.makeShared, CONCURRENCY, async (image) => {
      setVis(imageKey(image), { state: "running" });
      try {
        const { journalError } = await changeVisibilityRequest({ connection: connectionId, region: image.region }, image.id, "shared");
        setVis(imageKey(image), { state: "done", journalError });
      } catch (err) {
        const { message } = errorOf(err);
        failedImages.set(imageKey(image), message);
        setVis(imageKey(image), { state: "failed", message });
      }
    });

    await mapSettled(plan.pairs, CONCURRENCY, async ({ image, member }) => {
      const key = pairKey(image, member.id);
      const blocked = failedImages.get(imageKey(image));
      if (blocked) {
        setPair(key, { state: "failed", code: "not_shared", message: `Not invited: the image could not be made shared (${blocked})` });
        return;
      }
      setPair(key, { state: "running" });
      try {
        const result = await addMemberRequest({ connection: connectionId, region: image.region }, image.id, member.id);
        setPair(key, { state: result.outcome, status: result.member.status, journalError: result.journalError });
      } catch (err) {
        setPair(key, { state: "failed", ...errorOf(err) });
      }
    });
    setPhase("done");
    await invalidate();
  };

  return { run, phase, pairs, visibility };
}
