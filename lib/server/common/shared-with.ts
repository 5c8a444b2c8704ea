import "server-only";

import { mapSettled } from "@/lib/concurrency";
import {
  getImage,
  getMember,
  listSharedWithProject,
  type GlanceTarget,
  type Image,
} from "@/lib/openstack/glance";
import type { MemberStatusValue } from "@/lib/schemas/images";
import type { InvitationDto, InvitationsDto, ReplacedImageDto } from "@/lib/schemas/invitations";
import { withGlance, type ProjectContext } from "@/lib/server/core/context";
import { FAN_OUT, fanOut } from "@/lib/server/core/fan-out";

import { predecessorOf, toSummary } from "./image-summary";

/**
 * The image a new version replaces, when the project has accepted that one: the consumer
 * is then offered the new version as such ("new version of …"). Null otherwise.
 */
async function replacedVersion(
  target: GlanceTarget,
  image: Image,
  projectId: string,
): Promise<ReplacedImageDto | null> {
  const predecessorId = predecessorOf(image);
  if (!predecessorId) return null;
  const membership = await getMember(target, predecessorId, projectId).catch(() => null);
  if (membership?.status !== "accepted") return null;
  const old = await getImage(target, predecessorId);
  // A property anyone may set: only an image of the same owner counts as an earlier version.
  if (old.owner !== image.owner) return null;
  return {
    imageId: old.id,
    imageName: old.name,
    createdAt: old.createdAt,
    acceptedAt: membership.updatedAt,
  };
}

/**
 * Images other projects share with each connected project, in one member status, with
 * when the invitation was made. Projects that cannot be read are reported, not hidden.
 * The invitations inbox lists them; the access page's reverse view reads the accepted ones.
 */
export async function listSharedWith(
  projects: ProjectContext,
  status: MemberStatusValue,
): Promise<InvitationsDto> {
  const [{ sources }, names] = await Promise.all([
    projects.sources("all", "all"),
    projects.names(),
  ]);
  const { results, failures } = await fanOut(sources, (source) =>
    withGlance(source, async (target) => {
      const images = await listSharedWithProject(target, source.dto.projectId, status);
      const [memberships, replaced] = await Promise.all([
        mapSettled(images, FAN_OUT, (image) => getMember(target, image.id, source.dto.projectId)),
        mapSettled(images, FAN_OUT, (image) =>
          replacedVersion(target, image, source.dto.projectId),
        ),
      ]);
      return images.map((image, i): InvitationDto => {
        const m = memberships[i]!;
        const r = replaced[i]!;
        return {
          image: toSummary(image, source.dto, names),
          status,
          since: m.status === "fulfilled" ? m.value.createdAt : null,
          updatedAt: m.status === "fulfilled" ? m.value.updatedAt : null,
          replaces: r.status === "fulfilled" ? r.value : null,
        };
      });
    }),
  );
  const invitations = results.flatMap((r) => r.value);
  invitations.sort(
    (a, b) =>
      (b.since ?? "").localeCompare(a.since ?? "") ||
      (a.image.name ?? "").localeCompare(b.image.name ?? ""),
  );
  return { invitations, failures };
}
