import "server-only";

import { mapSettled } from "@/lib/concurrency";
import { listAllImagesAndHidden, listMembers, type Image } from "@/lib/openstack/glance";
import type { AccessEvent, AccessRowDto, ConsumedDto, ConsumedRowDto } from "@/lib/schemas/access";
import { predecessorOf } from "@/lib/server/common/image-summary";
import { listSharedWith } from "@/lib/server/common/shared-with";
import { withGlance, type ProjectContext, type Source } from "@/lib/server/core/context";
import { failureOf, fanOut } from "@/lib/server/core/fan-out";
import { indexServers } from "@/lib/server/instances/server-index";

/**
 * Member lists read at once, across every project and region of the audit. At a real cloud's
 * distance each list waits mostly on the round trip, not on Glance: 24 in flight, against 16
 * for a client that fans out as the benchmark's floor does (docs/benchmarks.md, section 7).
 */
export const ACCESS_CONCURRENCY = 24;

/**
 * Who may use each owned shared image, as a stream of events: image lists first (so the
 * total is known), then one image's members at a time, a bounded number in flight.
 * The projects are opened now, in the request; the returned run streams on its sources.
 */
export async function prepareAccess(
  projects: ProjectContext,
): Promise<(emit: (event: AccessEvent) => void, signal: AbortSignal) => Promise<void>> {
  const [{ sources }, names] = await Promise.all([
    projects.sources("all", "all"),
    projects.names(),
  ]);
  return (emit, signal) => runAccess(projects, sources, names, emit, signal);
}

async function runAccess(
  projects: ProjectContext,
  sources: Source[],
  names: Map<string, string>,
  emit: (event: AccessEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  const started = Date.now();
  // Every connected project's servers, read beside the image lists: who runs on what.
  const [{ results, failures }, servers] = await Promise.all([
    fanOut(sources, (source) =>
      withGlance(
        source,
        (target) =>
          listAllImagesAndHidden(target, { owner: source.dto.projectId, visibility: "shared" }),
        { signal },
      ),
    ),
    indexServers(projects, signal),
  ]);
  if (signal.aborted) return;
  for (const failure of failures) emit({ type: "failure", failure });
  // The same project connected twice (two users) is audited once.
  const seen = new Set<string>();
  const owned: { source: Source; image: Image }[] = [];
  for (const { source, value } of results) {
    for (const image of value) {
      const key = `${source.dto.projectId}|${source.region}|${image.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      owned.push({ source, image });
    }
  }
  emit({ type: "images", count: owned.length });

  await mapSettled(owned, ACCESS_CONCURRENCY, async ({ source, image }) => {
    // Nobody reads the rest: the remaining member lists are not asked for.
    if (signal.aborted) return;
    const base = {
      imageId: image.id,
      imageName: image.name,
      imageHidden: image.hidden,
      predecessorId: predecessorOf(image),
      region: source.region,
      ownerId: source.dto.projectId,
      ownerName: source.dto.projectName,
      connectionId: source.dto.connectionId,
    };
    try {
      const members = await withGlance(source, (target) => listMembers(target, image.id), {
        signal,
      });
      const rows: AccessRowDto[] =
        members.length === 0
          ? [
              {
                ...base,
                memberId: null,
                memberName: null,
                status: null,
                createdAt: null,
                updatedAt: null,
                memberServers: null,
              },
            ]
          : members.map((m) => ({
              ...base,
              memberId: m.memberId,
              memberName: names.get(m.memberId) ?? null,
              status: m.status,
              createdAt: m.createdAt,
              updatedAt: m.updatedAt,
              memberServers: servers.on(
                source.connection.stored.authUrl,
                m.memberId,
                source.region,
                image.id,
              ),
            }));
      emit({ type: "rows", rows });
    } catch (err) {
      emit({
        type: "failure",
        failure: failureOf(
          { ...source.dto, region: `${source.region}, image ${image.name ?? image.id}` },
          err,
        ),
      });
    }
  });
  emit({ type: "done", ms: Date.now() - started });
}

/** Images owned elsewhere that each connected project has accepted, and since when. */
export async function listConsumed(projects: ProjectContext): Promise<ConsumedDto> {
  const [{ invitations, failures }, servers, connections] = await Promise.all([
    listSharedWith(projects, "accepted"),
    indexServers(projects),
    projects.connections(),
  ]);
  const cloudOf = new Map(connections.map((c) => [c.stored.id, c.stored.authUrl]));
  return {
    rows: invitations.map(({ image, updatedAt }): ConsumedRowDto => ({
      imageId: image.id,
      imageName: image.name,
      region: image.source.region,
      consumerId: image.source.projectId,
      consumerName: image.source.projectName,
      connectionId: image.source.connectionId,
      ownerId: image.owner,
      ownerName: image.ownerName,
      // Accepting is the membership's last change, until someone changes it again.
      acceptedAt: updatedAt,
      servers: servers.on(
        cloudOf.get(image.source.connectionId) ?? "",
        image.source.projectId,
        image.source.region,
        image.id,
      ),
    })),
    failures,
  };
}
