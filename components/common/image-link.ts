import type { ImageSummaryDto } from "@/lib/schemas/images";

/** An image's page, as seen from the connected project and region it was listed from. */
export const imageHref = (i: Pick<ImageSummaryDto, "id" | "source">) =>
  `/images/${encodeURIComponent(i.id)}?${new URLSearchParams({ connection: i.source.connectionId, region: i.source.region })}`;
