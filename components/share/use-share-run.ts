"use client";

import { useState } from "react";

import { messageOf } from "@/components/common/use-report";
import { ApiError } from "@/lib/api-client";
import { mapSettled } from "@/lib/concurrency";
import { changeImageRequest } from "@/lib/queries/images";
import { inviteMembers } from "@/lib/queries/members";
import { useInvalidateSharing } from "@/lib/queries/shared";
import type { MemberStatusValue } from "@/lib/schemas/images";
import type { PlanImage, SharePlan } from "@/lib/share/plan";

/** Private images made shared at once before the invitations (each is one PATCH). */
const VISIBILITY_IN_FLIGHT = 4;

export type PairState =
  | { state: "waiting" | "running" }
  | { state: "added" | "existing"; status: MemberStatusValue; journalError: string | null }
  | { state: "failed"; code: string; message: string };

export type VisibilityState =
  | { state: "waiting" | "running" }
  | { state: "done"; journalError: string | null }
  | { state: "failed"; message: string };

export const pairKey = (image: Pick<PlanImage, "region" | "id">, memberId: string) =>
  `${image.region}|${image.id}|${memberId}`;
const imageKey = (image: PlanImage) => `${image.region}|${image.id}`;

/**
 * Runs a share plan: private images become shared first, then every image × project is
 * invited in one batch whose results stream back pair by pair. Each pair ends added,
 * existing (with its status) or failed with Glance's reason; an image that could not be
 * made shared fails its pairs, saying so, and is not sent.
 */
export function useShareRun() {
  const [pairs, setPairs] = useState<Map<string, PairState>>(new Map());
  const [visibility, setVisibility] = useState<Map<string, VisibilityState>>(new Map());
  const [phase, setPhase] = useState<"idle" | "running" | "done">("idle");
  const invalidate = useInvalidateSharing();

  const run = async (connectionId: string, plan: SharePlan) => {
    const setPair = (key: string, s: PairState) => setPairs((m) => new Map(m).set(key, s));
    const setVis = (key: string, s: VisibilityState) =>
      setVisibility((m) => new Map(m).set(key, s));
    setPhase("running");
    setPairs(new Map(plan.pairs.map((p) => [pairKey(p.image, p.member.id), { state: "waiting" }])));
    setVisibility(new Map(plan.makeShared.map((i) => [imageKey(i), { state: "waiting" }])));

    const failedImages = new Map<string, string>();
    await mapSettled(plan.makeShared, VISIBILITY_IN_FLIGHT, async (image) => {
      setVis(imageKey(image), { state: "running" });
      try {
        const { journalError } = await changeImageRequest(
          { connection: connectionId, region: image.region },
          image.id,
          { visibility: "shared" },
        );
        setVis(imageKey(image), { state: "done", journalError });
      } catch (err) {
        failedImages.set(imageKey(image), messageOf(err));
        setVis(imageKey(image), { state: "failed", message: messageOf(err) });
      }
    });

    const send = plan.pairs.filter((p) => {
      const blocked = failedImages.get(imageKey(p.image));
      if (blocked) {
        setPair(pairKey(p.image, p.member.id), {
          state: "failed",
          code: "not_shared",
          message: `Not invited: the image could not be made shared (${blocked})`,
        });
      }
      return !blocked;
    });
    for (const p of send) setPair(pairKey(p.image, p.member.id), { state: "running" });
    try {
      if (send.length > 0) {
        await inviteMembers({
          items: send.map((p) => ({
            connection: connectionId,
            region: p.image.region,
            imageId: p.image.id,
            memberId: p.member.id,
          })),
          onResult: (_, r) =>
            setPair(
              pairKey({ region: r.ref.region, id: r.ref.imageId }, r.ref.memberId),
              r.ok && r.outcome && r.member
                ? { state: r.outcome, status: r.member.status, journalError: r.journalError }
                : {
                    state: "failed",
                    code: r.error?.code ?? "internal",
                    message: r.error?.message ?? "Failed for an unknown reason.",
                  },
            ),
        });
      }
    } catch (err) {
      // The batch itself failed (network, session): every pair without a result says so.
      const code = err instanceof ApiError ? err.code : "internal";
      setPairs((m) => {
        const next = new Map(m);
        for (const [key, s] of next)
          if (s.state === "running")
            next.set(key, { state: "failed", code, message: messageOf(err) });
        return next;
      });
    }
    setPhase("done");
    await invalidate();
  };

  return { run, phase, pairs, visibility };
}
