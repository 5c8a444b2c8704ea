import "server-only";

import { mapSettled } from "@/lib/concurrency";
import { OpenStackError } from "@/lib/openstack/errors";
import { listMembers } from "@/lib/openstack/glance";
import type { ImageLocation } from "@/lib/schemas/images";
import type {
  MemberAddRef,
  MemberAddResultDto,
  MembersDto,
  RemoveMemberResultDto,
} from "@/lib/schemas/members";
import {
  failedInvite,
  inviteProject,
  removeProject,
  toMemberDto,
} from "@/lib/server/common/members";
import { cloudOfConnection } from "@/lib/server/core/clouds";
import { withGlance, type ProjectContext } from "@/lib/server/core/context";
import { FAN_OUT } from "@/lib/server/core/fan-out";

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
      result = await inviteProject(await projects.source(ref), ref, names);
    } catch (err) {
      result = failedInvite(ref, err);
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
  const { journalError } = await removeProject(await projects.source(location), imageId, memberId);
  return { ok: true, journalError };
}
