import "server-only";

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
  const relay = (why: string): PathPlan => ({
    path: "relay",
    note: `Streamed through this server: ${why}.`,
    temporaryMember: false,
  });
  if (getEnv().transferPath === "relay")
    return relay("it is set to relay every copy (GLANCE_SHARE_TRANSFER_PATH=relay)");
  const from = source.connection.stored;
  const to = target.connection.stored;
  if (from.authUrl !== to.authUrl)
    return relay("the target is in another cloud, whose Glance cannot read this one's");
  const methods = await withGlance(target, (glance) => listImportMethods(glance)).catch(
    () => [] as string[],
  );
  if (!methods.includes("glance-download"))
    return relay(`Glance in ${target.region} does not offer glance-download`);
  const direct = (extra = ""): PathPlan => ({
    path: "glance-download",
    note: `Copied by Glance in ${target.region} from Glance in ${source.region} itself (glance-download): no image data passes through this server.${extra}`,
    temporaryMember: extra !== "",
  });
  if (
    to.project.id === image.owner ||
    image.visibility === "public" ||
    image.visibility === "community"
  )
    return direct();
  const name = image.name ?? image.id;
  if (image.visibility !== "shared")
    return relay(
      `${name} is private, and Glance could copy it only once it is shared with ${to.project.name}`,
    );
  if (image.owner !== from.project.id)
    return relay(
      `${to.project.name} cannot read ${name} in Glance (it is shared with ${from.project.name})`,
    );
  const member = (await withGlance(source, (glance) => listMembers(glance, image.id))).find(
    (m) => m.memberId === to.project.id,
  );
  if (!member)
    return direct(
      ` ${to.project.name} is made a member of ${name} for the copy and removed after.`,
    );
  if (member.status === "accepted") return direct();
  return relay(
    `${to.project.name}'s invitation to ${name} is ${member.status}, and a copy by Glance would have to change it`,
  );
}
