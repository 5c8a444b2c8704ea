import "server-only";

import { say, type Sentence } from "@/lib/i18n/sentence";
import { keep } from "@/lib/i18n/write";
import { listImportMethods, listMembers, type Image } from "@/lib/openstack/glance";
import type { TransferPath } from "@/lib/schemas/transfers";
import { withGlance, type Source } from "@/lib/server/core/context";
import { getEnv } from "@/lib/server/env";

/** How one pair is copied, and why. */
export interface PathPlan {
  path: TransferPath;
  note: string;
  /** glance-download of a shared image: the target project is made a member for the copy, and removed after. */
  temporaryMember: boolean;
}

/**
 * Glance copies the image itself (glance-download) when both sides share a Keystone, the
 * target's Glance offers it, and the target project can read the source in Glance (or
 * can be let in for the copy without changing the image's visibility); otherwise the
 * data is streamed through this server.
 */
export async function choosePath(source: Source, target: Source, image: Image): Promise<PathPlan> {
  const relay = (why: Sentence): PathPlan => ({
    path: "relay",
    note: keep(say("transfers.path.relay", { why })),
    temporaryMember: false,
  });
  if (getEnv().transferPath === "relay") return relay(say("transfers.path.forced"));
  const from = source.connection.stored;
  const to = target.connection.stored;
  if (from.authUrl !== to.authUrl) return relay(say("transfers.path.otherCloud"));
  const methods = await withGlance(target, (glance) => listImportMethods(glance)).catch(
    () => [] as string[],
  );
  if (!methods.includes("glance-download"))
    return relay(say("transfers.path.noGlanceDownload", { region: target.region }));
  const regions = { target: target.region, source: source.region };
  const direct = (): PathPlan => ({
    path: "glance-download",
    note: keep(say("transfers.path.direct", regions)),
    temporaryMember: false,
  });
  if (
    to.project.id === image.owner ||
    image.visibility === "public" ||
    image.visibility === "community"
  )
    return direct();
  const name = image.name ?? image.id;
  if (image.visibility !== "shared")
    return relay(say("transfers.path.private", { image: name, project: to.project.name }));
  if (image.owner !== from.project.id)
    return relay(
      say("transfers.path.cannotRead", {
        project: to.project.name,
        image: name,
        owner: from.project.name,
      }),
    );
  const member = (await withGlance(source, (glance) => listMembers(glance, image.id))).find(
    (m) => m.memberId === to.project.id,
  );
  if (!member)
    return {
      path: "glance-download",
      note: keep(
        say("transfers.path.directWithMember", {
          ...regions,
          project: to.project.name,
          image: name,
        }),
      ),
      temporaryMember: true,
    };
  if (member.status === "accepted") return direct();
  return relay(
    say("transfers.path.invitation", {
      project: to.project.name,
      image: name,
      status: member.status,
    }),
  );
}
