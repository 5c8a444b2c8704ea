import "server-only";
import type { Image } from "@/lib/openstack/glance";
import type { ImageSourceDto, ImageSummaryDto } from "@/lib/schemas/images";

/** One image as lists show it, seen from a source; the owner's name when it is connected here. */
export function toSummary(image: Image, source: ImageSourceDto, names: Map<string, string>): ImageSummaryDto {
  return {
    id: image.id,
    name: image.name,
    status: image.status,
    visibility: image.visibility,
    owner: image.owner,
    ownerName: (image.owner && names.get(image.owner)) ?? null,
    size: image.size,
    diskFormat: image.diskFormat,
    createdAt: image.createdAt,
    updatedAt: image.updatedAt,
    source,
  };
}
