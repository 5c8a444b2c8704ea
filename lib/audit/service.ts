import "server-only";
import { mapSettled } from "@/lib/concurrency";
import { withGlance } from "@/lib/connections/service";
import { FAN_OUT, failureOf, projectNames, resolveSources } from "@/lib/images/service";
import { listAllImages, listMembers, type Image } from "@/lib/openstack/glance";
import { listInvitations } from "@/lib/sharing/service";
import type { AccessRowDto, AuditEvent, ConsumedDto, ConsumedRowDto } from "@/lib/schemas/audit";
import type { ImageSourceDto } from "@/lib/schemas/images";

/** Member lists read at once, across every project and region of the audit. */
export const AUDIT_CONCURRENCY = 16;

/**
 * Who may use each owned shared image, as a stream of events: image lists first (so the
 * total is known), then one image's members at a time, a bounded number in flight.
 * Prepared in the request, run while the response streams.
 */
export async function prepareAudit(): Promise<(emit: (event: AuditEvent) => void) => Promise<void>> {
  // Cookies are read now, while the request is open, not once the stream has begun.
  const { connections, sources } = await resolveSources("all", "all");
  return (emit) => runAudit(connections, sources, emit);
}

async function runAudit(
  connections: Awaited<ReturnType<typeof resolveSources>>["connections"],
  sources: ImageSourceDto[],
  emit: (event: AuditEvent) => void,
): Promise<void> {
  const started = Date.now();
  const names = projectNames(connections);
  const owned: { source: ImageSourceDto; image: Image }[] = [];
  const listed = await mapSettled(sources, FAN_OUT, (source) =>
    withGlance(source.connectionId, source.region, (target) => listAllImages(target, { owner: source.projectId, visibility: "shared" })),
  );
  // The same project connected twice (two users) is audited once.
  const seen = new Set<string>();
  for (const [i, result] of listed.entries()) {
    const source = sources[i]!;
    if (result.status === "rejected") {
      emit({ type: "failure", failure: failureOf(source, result.reason) });
      continue;
    }
    for (const image of result.value) {
      const key = `${source.projectId}|${source.region}|${image.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      owned.push({ source, image });
    }
  }
  emit({ type: "images", count: owned.length });

  await mapSettled(owned, AUDIT_CONCURRENCY, async ({ source, image }) => {
    const base = {
      imageId: image.id,
      imageName: image.name,
      region: source.region,
      ownerId: source.projectId,
      ownerName: source.projectName,
      connectionId: source.connectionId,
    };
    try {
      const members = await withGlance(source.connectionId, source.region, (target) => listMembers(target, image.id));
      const rows: AccessRowDto[] =
        members.length === 0
          ? [{ ...base, memberId: null, memberName: null, status: null, createdAt: null, updatedAt: null }]
          : members.map((m) => ({
              ...base,
              memberId: m.memberId,
              memberName: names.get(m.memberId) ?? null,
              status: m.status,
              createdAt: m.createdAt,
              updatedAt: m.updatedAt,
            }));
      emit({ type: "rows", rows });
    } catch (err) {
      emit({ type: "failure", failure: failureOf({ ...source, region: `${source.region}, image ${image.name ?? image.id}` }, err) });
    }
  });
  emit({ type: "done", ms: Date.now() - started });
}

/** Images owned elsewhere that each connected project has accepted, and since when. */
export async function auditConsumed(): Promise<ConsumedDto> {
  const { invitations, failures } = await listInvitations("accepted");
  return {
    rows: invitations.map(
      ({ image, updatedAt }): ConsumedRowDto => ({
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
      }),
    ),
    failures,
  };
}
