"use client";

import { useState } from "react";

import { messageOf } from "@/components/common/use-report";
import { changeImageRequest } from "@/lib/queries/images";
import { inviteMembers, removeMemberRequest } from "@/lib/queries/members";
import { useInvalidateSharing } from "@/lib/queries/shared";
import type { RolloutPlan } from "@/lib/rollout/plan";
import type { MemberStatusValue } from "@/lib/schemas/images";

export type StepState =
  | { state: "waiting" | "running" }
  | { state: "done"; journalError: string | null }
  | { state: "failed"; message: string };

export interface MemberRun {
  invite: StepState & { status?: MemberStatusValue };
  remove: StepState | null;
}

/**
 * Runs a rollout plan in the order that never leaves a consumer without an image: the new
 * version is made shared and marked as the old one's successor, every member is invited
 * to it, only then is a member removed from the old image (and only if its invitation
 * succeeded), and the old image is hidden last. A failed image step stops what depends on it.
 */
export function useRolloutRun() {
  const [steps, setSteps] = useState<{
    share: StepState | null;
    predecessor: StepState | null;
    hide: StepState | null;
  }>({
    share: null,
    predecessor: null,
    hide: null,
  });
  const [members, setMembers] = useState<Map<string, MemberRun>>(new Map());
  const [phase, setPhase] = useState<"idle" | "running" | "done">("idle");
  const invalidate = useInvalidateSharing();

  const run = async (connection: string, plan: RolloutPlan) => {
    const location = { connection, region: plan.old.region };
    const setStep = (name: keyof typeof steps, s: StepState) =>
      setSteps((all) => ({ ...all, [name]: s }));
    const setMember = (id: string, patch: Partial<MemberRun>) =>
      setMembers((m) =>
        new Map(m).set(id, {
          ...(m.get(id) ?? { invite: { state: "waiting" }, remove: null }),
          ...patch,
        }),
      );
    const image = async (
      name: keyof typeof steps,
      imageId: string,
      change: Parameters<typeof changeImageRequest>[2],
    ) => {
      setStep(name, { state: "running" });
      try {
        const { journalError } = await changeImageRequest(location, imageId, change);
        setStep(name, { state: "done", journalError });
        return true;
      } catch (err) {
        setStep(name, { state: "failed", message: messageOf(err) });
        return false;
      }
    };

    setPhase("running");
    const invited = plan.members.filter((m) => m.action === "invite");
    setMembers(
      new Map(
        plan.members
          .filter((m) => m.action === "invite" || (m.action === "already" && m.removeFromOld))
          .map((m): [string, MemberRun] => [
            m.member.id,
            {
              invite:
                m.action === "already"
                  ? { state: "done", journalError: null, status: m.onNew ?? undefined }
                  : { state: "waiting" },
              remove: m.removeFromOld ? { state: "waiting" } : null,
            },
          ]),
      ),
    );
    setSteps({
      share: plan.makeShared ? { state: "waiting" } : null,
      predecessor: plan.setPredecessor ? { state: "waiting" } : null,
      hide: plan.hideOld ? { state: "waiting" } : null,
    });

    const shared =
      !plan.makeShared || (await image("share", plan.next.id, { visibility: "shared" }));
    if (plan.setPredecessor)
      await image("predecessor", plan.next.id, { predecessorId: plan.old.id });

    // Members to move off the old image: those invited now, and those already on the new one.
    const movable = new Set(
      plan.members.filter((m) => m.action === "already" && m.removeFromOld).map((m) => m.member.id),
    );
    if (!shared) {
      for (const m of invited)
        setMember(m.member.id, {
          invite: {
            state: "failed",
            message: "Not invited: the new version could not be made shared.",
          },
          remove: null,
        });
    } else if (invited.length > 0) {
      for (const m of invited) setMember(m.member.id, { invite: { state: "running" } });
      try {
        await inviteMembers({
          items: invited.map((m) => ({
            ...location,
            imageId: plan.next.id,
            memberId: m.member.id,
          })),
          onResult: (_, r) => {
            if (r.ok && r.member) {
              setMember(r.ref.memberId, {
                invite: { state: "done", journalError: r.journalError, status: r.member.status },
              });
              if (plan.members.find((m) => m.member.id === r.ref.memberId)?.removeFromOld)
                movable.add(r.ref.memberId);
            } else {
              setMember(r.ref.memberId, {
                invite: {
                  state: "failed",
                  message: r.error?.message ?? "Failed for an unknown reason.",
                },
                remove: null,
              });
            }
          },
        });
      } catch (err) {
        setMembers((all) => {
          const next = new Map(all);
          for (const [id, m] of next)
            if (m.invite.state === "running")
              next.set(id, { invite: { state: "failed", message: messageOf(err) }, remove: null });
          return next;
        });
      }
    }

    for (const memberId of movable) {
      setMember(memberId, { remove: { state: "running" } });
      try {
        const { journalError } = await removeMemberRequest({
          location,
          imageId: plan.old.id,
          memberId,
        });
        setMember(memberId, { remove: { state: "done", journalError } });
      } catch (err) {
        setMember(memberId, { remove: { state: "failed", message: messageOf(err) } });
      }
    }
    if (plan.hideOld) await image("hide", plan.old.id, { hidden: true });
    setPhase("done");
    await invalidate();
  };

  return { run, phase, steps, members };
}
