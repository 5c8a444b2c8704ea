import "server-only";
import { getMember, listSharedWithProject } from "@/lib/openstack/glance";
import type { MemberStatusValue } from "@/lib/schemas/images";
import type { InvitationDto, InvitationsDto } from "@/lib/schemas/invitations";
import { withGlance, type ProjectContext } from "@/lib/server/projects/context";
import { FAN_OUT, fanOut } from "@/lib/server/projects/fan-out";
import { mapSettled } from "@/lib/concurrency";
import { toSummary } from "./image-summary";

/**
 * Images other projects share with each connected project, in one member status, with
 * when the invitation was made. Projects that cannot be read are reported, not hidden.
 * The invitations inbox lists them; the access page's reverse view reads the accepted ones.
 */
export async function listSharedWith(projects: ProjectContext, status: MemberStatusValue): Promise<InvitationsDto> {
  const [{ sources }, names] = await Promise.all([projects.sources("all", "all"), projects.names()]);
  const { results, failures } = await fanOut(sources, (source) =>
    withGlance(source, async (target) => {
      const images = await listSharedWithProject(target, source.dto.projectId, status);
      const memberships = await mapSettled(images, FAN_OUT, (image) => getMember(target, image.id, source.dto.projectId));
      return images.map((image, i): InvitationDto => {
        const m = memberships[i]!;
        return {
          image: toSummary(image, source.dto, names),
          status,
          since: m.status === "fulfilled" ? m.value.createdAt : null,
          updatedAt: m.status === "fulfilled" ? m.value.updatedAt : null,
        };
      });
    }),
  );
  const invitations = results.flatMap((r) => r.value);
  invitations.sort((a, b) => (b.since ?? "").localeCompare(a.since ?? "") || (a.image.name ?? "").localeCompare(b.image.name ?? ""));
  return { invitations, failures };
}
