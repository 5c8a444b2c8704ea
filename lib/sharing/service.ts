import "server-only";
import { mapSettled } from "@/lib/concurrency";
import { listConnections, withGlance } from "@/lib/connections/service";
import { AppError } from "@/lib/errors";
import { FAN_OUT, failureOf, projectNames, resolveSources, toSummary } from "@/lib/images/service";
import { journaled } from "@/lib/journal/service";
import { OpenStackError } from "@/lib/openstack/errors";
import {
  addMember,
  getMember,
  listMembers,
  listSharedWithProject,
  removeMember,
  updateMemberStatus,
  type ImageMember,
} from "@/lib/openstack/glance";
import type { ImageLocation, MemberStatusValue } from "@/lib/schemas/images";
import type {
  AddMemberInput,
  AddMemberResultDto,
  InvitationDto,
  InvitationResultDto,
  InvitationsDto,
  MemberDto,
  MembersDto,
  RemoveMemberResultDto,
  SetInvitationStatusInput,
} from "@/lib/schemas/sharing";

const toMemberDto = (m: ImageMember, names: Map<string, string>): MemberDto => ({
  memberId: m.memberId,
  memberName: names.get(m.memberId) ?? null,
  status: m.status,
  createdAt: m.createdAt,
  updatedAt: m.updatedAt,
});

const namesOfConnected = async () => projectNames((await listConnections()).connections);

/** An owned image's members; a private image's members exist but Glance hides them. */
export async function listImageMembers(location: ImageLocation, imageId: string): Promise<MembersDto> {
  try {
    const [members, names] = await Promise.all([
      withGlance(location.connection, location.region, (target) => listMembers(target, imageId)),
      namesOfConnected(),
    ]);
    return { hidden: false, members: members.map((m) => toMemberDto(m, names)) };
  } catch (err) {
    if (err instanceof OpenStackError && err.code === "not_shared") return { hidden: true, members: [] };
    throw err;
  }
}

/** Invites a project, journaled; one already a member is reported with its status, not as an error. */
export async function addImageMember(input: AddMemberInput, imageId: string): Promise<AddMemberResultDto> {
  const names = await namesOfConnected();
  return withGlance(
    input.connection,
    input.region,
    async (target, actor) => {
      if (input.memberId === actor.project.id) {
        throw new AppError("validation", `An image cannot be shared with its own project (${actor.project.name}).`);
      }
      const { value, journalError } = await journaled(
        (result: { outcome: "added" | "existing"; member: ImageMember } | null) =>
          result?.outcome === "existing"
            ? null
            : { ...actor, region: input.region, image: { id: imageId, name: null }, memberId: input.memberId, action: "member_added" },
        async () => {
          try {
            return { outcome: "added" as const, member: await addMember(target, imageId, input.memberId) };
          } catch (err) {
            // Already a member: nothing changes, so nothing is journaled; its status is the answer.
            if (!(err instanceof OpenStackError && err.code === "already_member")) throw err;
            return { outcome: "existing" as const, member: await getMember(target, imageId, input.memberId) };
          }
        },
      );
      return { outcome: value.outcome, member: toMemberDto(value.member, names), journalError };
    },
    { write: true },
  );
}

/** Removes a member, journaled: that project loses the image at once. */
export async function removeImageMember(location: ImageLocation, imageId: string, memberId: string): Promise<RemoveMemberResultDto> {
  const { journalError } = await withGlance(
    location.connection,
    location.region,
    (target, actor) =>
      journaled({ ...actor, region: location.region, image: { id: imageId, name: null }, memberId, action: "member_removed" }, () =>
        removeMember(target, imageId, memberId),
      ),
    { write: true },
  );
  return { ok: true, journalError };
}

/**
 * Images other projects share with each connected project, in one member status, with
 * when the invitation was made. Projects that cannot be read are reported, not hidden.
 */
export async function listInvitations(status: MemberStatusValue): Promise<InvitationsDto> {
  const { connections, sources } = await resolveSources("all", "all");
  const names = projectNames(connections);
  const settled = await mapSettled(sources, FAN_OUT, (source) =>
    withGlance(source.connectionId, source.region, async (target) => {
      const images = await listSharedWithProject(target, source.projectId, status);
      const memberships = await mapSettled(images, FAN_OUT, (image) => getMember(target, image.id, source.projectId));
      return images.map((image, i): InvitationDto => {
        const m = memberships[i]!;
        return {
          image: toSummary(image, source, names),
          status,
          since: m.status === "fulfilled" ? m.value.createdAt : null,
          updatedAt: m.status === "fulfilled" ? m.value.updatedAt : null,
        };
      });
    }),
  );
  const result: InvitationsDto = { invitations: [], failures: [] };
  for (const [i, s] of settled.entries()) {
    if (s.status === "fulfilled") result.invitations.push(...s.value);
    else result.failures.push(failureOf(sources[i]!, s.reason));
  }
  result.invitations.sort((a, b) => (b.since ?? "").localeCompare(a.since ?? "") || (a.image.name ?? "").localeCompare(b.image.name ?? ""));
  return result;
}

const statusAction = { accepted: "accepted", rejected: "rejected", pending: "reset_pending" } as const;

/** Accepts, rejects or resets invitations as the invited projects, journaled; each item succeeds or fails on its own. */
export async function setInvitationStatus(input: SetInvitationStatusInput): Promise<InvitationResultDto[]> {
  const settled = await mapSettled(input.items, FAN_OUT, (ref) =>
    withGlance(
      ref.connection,
      ref.region,
      (target, actor) =>
        journaled(
          { ...actor, region: ref.region, image: { id: ref.imageId, name: null }, memberId: actor.project.id, action: statusAction[input.status] },
          () => updateMemberStatus(target, ref.imageId, actor.project.id, input.status),
        ),
      { write: true },
    ),
  );
  return settled.map((s, i) => {
    const ref = input.items[i]!;
    if (s.status === "fulfilled") return { ref, ok: true, status: s.value.value.status, error: null, journalError: s.value.journalError };
    const { code, message } = failureOf({ connectionId: ref.connection, projectName: "", region: ref.region }, s.reason);
    return { ref, ok: false, status: null, error: { code, message }, journalError: null };
  });
}
