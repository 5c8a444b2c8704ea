import "server-only";

import { OpenStackError } from "@/lib/openstack/errors";
import { listMembers } from "@/lib/openstack/glance";
import { listServers } from "@/lib/openstack/nova";
import type { ImageLocation } from "@/lib/schemas/images";
import type { ImageServersDto, ImageUserDto } from "@/lib/schemas/instances";
import { withGlance, withNova, type ProjectContext } from "@/lib/server/core/context";
import { fanOut } from "@/lib/server/core/fan-out";

/**
 * Who runs servers on an image, before its owner takes it away: the owner's project and
 * every member, each listed with the servers booted from it in the image's region where
 * that project is connected here (on the same cloud), and said to be unknown where not.
 * Servers booted from a volume made of the image, or from a copy, are not found.
 */
export async function serversOnImage(
  projects: ProjectContext,
  location: ImageLocation,
  imageId: string,
): Promise<ImageServersDto> {
  const owner = await projects.source(location);
  const members = await withGlance(owner, (target) => listMembers(target, imageId)).catch(
    (err: unknown) => {
      // A private image has no members to ask about: only its owner runs on it.
      if (err instanceof OpenStackError && err.code === "not_shared") return [];
      throw err;
    },
  );
  const projectIds = [owner.dto.projectId, ...members.map((m) => m.memberId)];
  const cloud = owner.connection.stored.authUrl;
  const { sources } = await projects.sources("all", location.region, "compute");
  // One connection per project of this cloud: the first one connected.
  const reach = new Map(
    sources
      .filter((s) => s.connection.stored.authUrl === cloud)
      .reverse()
      .map((s) => [s.dto.projectId, s]),
  );
  const asked = projectIds.flatMap((id) => reach.get(id) ?? []);
  const { results, failures } = await fanOut(asked, (source) =>
    withNova(source, (target) => listServers(target, { imageId })),
  );
  const connected = new Map(
    (await projects.connections())
      .filter((c) => c.stored.authUrl === cloud)
      .map((c) => [c.stored.project.id, c.stored.project.name]),
  );
  return {
    region: location.region,
    projects: projectIds.map((projectId): ImageUserDto => {
      const source = reach.get(projectId);
      const listed = results.find((r) => r.source === source);
      const failed = source && failures.find((f) => f.connectionId === source.dto.connectionId);
      const servers = listed
        ? listed.value.map((s) => ({ id: s.id, name: s.name, status: s.status }))
        : // Connected, on a cloud with no compute service in this region: nothing runs there.
          connected.has(projectId) && !source
          ? []
          : null;
      return {
        projectId,
        projectName: connected.get(projectId) ?? null,
        isOwner: projectId === owner.dto.projectId,
        connected: connected.has(projectId),
        servers,
        error: failed ? failed.message : null,
      };
    }),
  };
}
