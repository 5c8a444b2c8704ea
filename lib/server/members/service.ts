import "server-only";

import { mapSettled } from "@/lib/concurrency";
import { AppError } from "@/lib/errors";
import { OpenStackError } from "@/lib/openstack/errors";
import {
  addMember,
  getMember,
  listMembers,
  removeMember,
  type ImageMember,
} from "@/lib/openstack/glance";
import type { ImageLocation } from "@/lib/schemas/images";
import type {
  MemberAddRef,
  MemberAddResultDto,
  MemberDto,
  MembersDto,
  RemoveMemberResultDto,
} from "@/lib/schemas/members";
import { cloudOfConnection } from "@/lib/server/core/clouds";
import { withGlance, type ProjectContext } from "@/lib/server/core/context";
import { errorOf, FAN_OUT } from "@/lib/server/core/fan-out";
import { journaled } from "@/lib/server/core/journal";

const toMemberDto = (m: ImageMember, names: Map<string, string>): MemberDto => ({
  memberId: m.memberId,
  memberName: names.get(m.memberId) ?? null,
  status: m.status,
  createdAt: m.createdAt,
  updatedAt: m.updatedAt,
});

/** An owned image's members; a private image's members exist but Glance hides them. */
export async function listImageMembers(
  projects: ProjectContext,
  location: ImageLocation,
  imageId: string,
): Promise<MembersDto> {
  const source = await projects.source(location);
  const { stored } = source.connection;
  const quota = cloudOfConnection(stored.cloud, stored.authUrl).memberQuota;
  try {
    const [members, names] = await Promise.all([
      withGlance(source, (target) => listMembers(target, imageId)),
      projects.names(),
    ]);
    return { hidden: false, members: members.map((m) => toMemberDto(m, names)), quota };
  } catch (err) {
    if (err instanceof OpenStackError && err.code === "not_shared")
      return { hidden: true, members: [], quota };
    throw err;
  }
}

/** Invites one project to one image, journaled; one already a member comes back with its status, unjournaled. */
async function addOne(
  projects: ProjectContext,
  ref: MemberAddRef,
  names: Map<string, string>,
): Promise<MemberAddResultDto> {
  return withGlance(
    await projects.source(ref),
    async (target, actor) => {
      if (ref.memberId === actor.project.id) {
        throw new AppError(
          "validation",
          `An image cannot be shared with its own project (${actor.project.name}).`,
        );
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

/**
 * Invites every image × project of a batch, a bounded number at once; each result is
 * handed to `onResult` as soon as it is known (the answer streams), and all are returned.
 */
export async function addImageMembers(
  projects: ProjectContext,
  items: MemberAddRef[],
  onResult: (index: number, result: MemberAddResultDto) => void = () => undefined,
): Promise<MemberAddResultDto[]> {
  const names = await projects.names();
  const results: MemberAddResultDto[] = new Array(items.length);
  await mapSettled(items, FAN_OUT, async (ref, index) => {
    let result: MemberAddResultDto;
    try {
      result = await addOne(projects, ref, names);
    } catch (err) {
      result = {
        ref,
        ok: false,
        outcome: null,
        member: null,
        error: errorOf(err),
        journalError: null,
      };
    }
    results[index] = result;
    onResult(index, result);
  });
  return results;
}

/** Removes a member, journaled: that project loses the image at once. */
export async function removeImageMember(
  projects: ProjectContext,
  location: ImageLocation,
  imageId: string,
  memberId: string,
): Promise<RemoveMemberResultDto> {
  const { journalError } = await withGlance(
    await projects.source(location),
    (target, actor) =>
      journaled(
        {
          ...actor,
          region: location.region,
          image: { id: imageId, name: null },
          memberId,
          action: "member_removed",
        },
        () => removeMember(target, imageId, memberId),
      ),
    { write: true },
  );
  return { ok: true, journalError };
}
