import "server-only";

import { listServers } from "@/lib/openstack/nova";
import { withNova, type ProjectContext } from "@/lib/server/core/context";
import { fanOut } from "@/lib/server/core/fan-out";

/**
 * The servers of every connected project, by image: one list per project × region with a
 * compute service, read once for a whole audit. `on` answers the names of a project's
 * servers booted from an image, or null where that cannot be told (not connected here, no
 * compute service there, or its list could not be read): never an empty list by default.
 */
export async function indexServers(projects: ProjectContext, signal?: AbortSignal) {
  const { sources } = await projects.sources("all", "all", "compute");
  const { results } = await fanOut(sources, (source) =>
    withNova(source, (target) => listServers(target), { signal }),
  );
  const index = new Map<string, Map<string, string[]>>();
  for (const { source, value } of results) {
    const key = `${source.connection.stored.authUrl}|${source.dto.projectId}|${source.region}`;
    if (index.has(key)) continue;
    const byImage = new Map<string, string[]>();
    for (const server of value)
      if (server.imageId)
        byImage.set(server.imageId, [...(byImage.get(server.imageId) ?? []), server.name]);
    index.set(key, byImage);
  }
  return {
    on(cloud: string, projectId: string, region: string, imageId: string): string[] | null {
      const byImage = index.get(`${cloud}|${projectId}|${region}`);
      return byImage ? (byImage.get(imageId) ?? []) : null;
    },
  };
}
