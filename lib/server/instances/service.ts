import "server-only";

import { mapSettled } from "@/lib/concurrency";
import { OpenStackError } from "@/lib/openstack/errors";
import { getImage, type Image } from "@/lib/openstack/glance";
import { listServers, type Server } from "@/lib/openstack/nova";
import type { ImageSourceDto } from "@/lib/schemas/images";
import type {
  ImageDependency,
  InstanceDto,
  InstanceImageDto,
  InstancesDto,
  InstancesQuery,
} from "@/lib/schemas/instances";
import { withGlance, withNova, type ProjectContext, type Source } from "@/lib/server/core/context";
import { FAN_OUT, fanOut } from "@/lib/server/core/fan-out";

/** Whose image a project's server runs on, from the image as that project can read it. */
export function dependencyOf(image: Image | null, projectId: string): ImageDependency {
  if (!image) return "gone";
  if (image.owner === projectId) return "own";
  return image.visibility === "public" || image.visibility === "community" ? "public" : "shared";
}

/**
 * The images a source's servers were booted from, read once each as that project: one it
 * can no longer read (deleted, or its membership removed) is null.
 */
async function bootImages(source: Source, servers: Server[]): Promise<Map<string, Image | null>> {
  const ids = [...new Set(servers.flatMap((s) => (s.imageId ? [s.imageId] : [])))];
  const read = await mapSettled(ids, FAN_OUT, (id) =>
    withGlance(source, (target) => getImage(target, id)),
  );
  return new Map(
    ids.map((id, i) => {
      const r = read[i]!;
      if (r.status === "fulfilled") return [id, r.value];
      const gone =
        r.reason instanceof OpenStackError && [403, 404].includes(r.reason.upstreamStatus);
      if (gone) return [id, null];
      throw r.reason;
    }),
  );
}

export function toInstanceDto(
  server: Server,
  source: ImageSourceDto,
  images: Map<string, Image | null>,
  names: Map<string, string>,
): InstanceDto {
  let image: InstanceImageDto | null = null;
  if (server.imageId) {
    const found = images.get(server.imageId) ?? null;
    image = {
      id: server.imageId,
      name: found?.name ?? null,
      owner: found?.owner ?? null,
      ownerName: (found?.owner && names.get(found.owner)) ?? null,
      dependency: dependencyOf(found, source.projectId),
    };
  }
  return {
    id: server.id,
    name: server.name,
    status: server.status,
    taskState: server.taskState,
    fault: server.fault,
    createdAt: server.createdAt,
    flavor: server.flavor,
    keyName: server.keyName,
    image,
    source,
  };
}

/** Every connected project's servers in every region with a compute service, with the image each runs on. */
export async function listInstances(
  projects: ProjectContext,
  query: InstancesQuery,
): Promise<InstancesDto> {
  const [{ sources, single }, names] = await Promise.all([
    projects.sources(query.connection, query.region, "compute"),
    projects.names(),
  ]);
  const { results, failures } = await fanOut(
    sources,
    async (source) => {
      const servers = await withNova(source, (target) => listServers(target));
      const images = await bootImages(source, servers);
      return servers.map((s) => toInstanceDto(s, source.dto, images, names));
    },
    { single },
  );
  const instances = results.flatMap((r) => r.value);
  instances.sort(
    (a, b) =>
      a.source.projectName.localeCompare(b.source.projectName) ||
      a.source.region.localeCompare(b.source.region) ||
      a.name.localeCompare(b.name),
  );
  return { instances, failures };
}
