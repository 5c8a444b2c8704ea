import "server-only";

import { AppError } from "@/lib/errors";
import { say } from "@/lib/i18n/sentence";
import { OpenStackError } from "@/lib/openstack/errors";
import { addMember, getMember, removeMember, type ImageMember } from "@/lib/openstack/glance";
import type { MemberAddRef, MemberAddResultDto, MemberDto } from "@/lib/schemas/members";
import { withGlance, type Source } from "@/lib/server/core/context";
import { errorOf } from "@/lib/server/core/fan-out";
import { journaled, type Journaled } from "@/lib/server/core/journal";

export const toMemberDto = (m: ImageMember, names: Map<string, string>): MemberDto => ({
  memberId: m.memberId,
  memberName: names.get(m.memberId) ?? null,
  status: m.status,
  createdAt: m.createdAt,
  updatedAt: m.updatedAt,
});

/**
 * Invites one project to an owned image (journaled); one already a member is no error: its
 * status is the answer, and nothing is journaled. For the member table and the share runs.
 */
export async function inviteProject(
  source: Source,
  ref: MemberAddRef,
  names: Map<string, string>,
): Promise<MemberAddResultDto> {
  return withGlance(
    source,
    async (target, actor) => {
      if (ref.memberId === actor.project.id) {
        throw new AppError("validation", say("images.ownProject", { project: actor.project.name }));
      }
      const { value, journalError } = await journaled(
        (result: { outcome: "added" | "existing"; member: ImageMember } | null) =>
          result?.outcome === "existing"
            ? null
            : {
                ...actor,
                region: ref.region,
                image: { id: ref.imageId, name: null },
                memberId: ref.memberId,
                action: "member_added",
              },
        async () => {
          try {
            return {
              outcome: "added" as const,
              member: await addMember(target, ref.imageId, ref.memberId),
            };
          } catch (err) {
            // Already a member: nothing changes, so nothing is journaled; its status is the answer.
            if (!(err instanceof OpenStackError && err.code === "already_member")) throw err;
            return {
              outcome: "existing" as const,
              member: await getMember(target, ref.imageId, ref.memberId),
            };
          }
        },
      );
      return {
        ref,
        ok: true,
        outcome: value.outcome,
        member: toMemberDto(value.member, names),
        error: null,
        journalError,
      };
    },
    { write: true },
  );
}

/** Removes a project from an image, journaled: it loses the image at once. For the member table and rollouts. */
export function removeProject(
  source: Source,
  imageId: string,
  memberId: string,
): Promise<Journaled<void>> {
  return withGlance(
    source,
    (target, actor) =>
      journaled(
        {
          ...actor,
          region: source.region,
          image: { id: imageId, name: null },
          memberId,
          action: "member_removed",
        },
        () => removeMember(target, imageId, memberId),
      ),
    { write: true },
  );
}

/** An invitation that failed, as a batch reports it beside the others. */
export const failedInvite = (ref: MemberAddRef, err: unknown): MemberAddResultDto => ({
  ref,
  ok: false,
  outcome: null,
  member: null,
  error: errorOf(err),
  journalError: null,
});
