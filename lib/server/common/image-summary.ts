import "server-only";

import type { Image } from "@/lib/openstack/glance";
import { PREDECESSOR_PROPERTY } from "@/lib/rollout/plan";
import { imageIdSchema, type ImageSourceDto, type ImageSummaryDto } from "@/lib/schemas/images";

/** The image a new version says it replaces; a property anyone can set, so checked to be an image id. */
export function predecessorOf(image: Image): string | null {
  const value = image.properties[PREDECESSOR_PROPERTY];
  return value !== undefined && imageIdSchema.safeParse(value).success && value !== image.id
    ? value
    : null;
}

/** One image as lists show it, seen from a source; the owner's name when it is connected here. */
export function toSummary(
  image: Image,
  source: ImageSourceDto,
  names: Map<string, string>,
): ImageSummaryDto {
  return {
    id: image.id,
    name: image.name,
    status: image.status,
    visibility: image.visibility,
    hidden: image.hidden,
    predecessorId: predecessorOf(image),
    owner: image.owner,
    ownerName: (image.owner && names.get(image.owner)) ?? null,
    size: image.size,
    diskFormat: image.diskFormat,
    createdAt: image.createdAt,
    updatedAt: image.updatedAt,
    source,
  };
}
