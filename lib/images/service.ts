import "server-only";
import { withGlance } from "@/lib/connections/service";
import { listImages, type Image } from "@/lib/openstack/glance";
import type { ImageListDto, ImageSummaryDto } from "@/lib/schemas/images";

const PAGE_SIZE = 100;

const toSummary = (i: Image): ImageSummaryDto => ({
  id: i.id,
  name: i.name,
  status: i.status,
  visibility: i.visibility,
  owner: i.owner,
  size: i.size,
  diskFormat: i.diskFormat,
  createdAt: i.createdAt,
  updatedAt: i.updatedAt,
});

/** One page of what a connected project sees in a region (Glance's default listing), by name. */
export async function listProjectImages(connectionId: string, region: string, next?: string): Promise<ImageListDto> {
  const page = await withGlance(connectionId, region, (target) =>
    listImages(target, next ? { next } : { sort: "name:asc", limit: PAGE_SIZE }),
  );
  return { region, images: page.images.map(toSummary), next: page.images.length > 0 ? page.next : null };
}
