import "server-only";
import { AppError } from "@/lib/errors";
import { firstPageLink, getImage, scanImages, setImageVisibility, type Image } from "@/lib/openstack/glance";
import type {
  ImageDetailDto,
  ImageListDto,
  ImageListRequest,
  ImageLocation,
  ImageSourceDto,
  VisibilityChangeDto,
} from "@/lib/schemas/images";
import { toSummary } from "@/lib/server/common/image-summary";
import { journaled } from "@/lib/server/journal/service";
import { withGlance, type ProjectContext, type Source } from "@/lib/server/projects/context";
import { fanOut } from "@/lib/server/projects/fan-out";
import { compareImages, decodeCursor, encodeCursor, sourceKey, tabListing, type ListCursor } from "./listing";

const PAGE_SIZE = 100;
// With a search (or our own filtering), Glance is read in bigger pages, within a budget.
const SCAN_PAGE_SIZE = 500;
const SCAN_MAX_PAGES = 6;
/**
 * How long a first page waits for the slowest project × region. Those that answered are
 * shown; the rest are read again by the next page (which the browser asks for at once)
 * with the full timeout, so one stalled region delays only its own rows.
 */
export const LIST_PATIENCE_MS = 2_500;

/** One page of images for a tab, across the chosen projects and regions, merged and sorted. */
export async function listImagesPage(projects: ProjectContext, query: ImageListRequest): Promise<ImageListDto> {
  let cursor: ListCursor | null = null;
  if (query.cursor) {
    cursor = decodeCursor(query.cursor);
    if (!cursor) throw new AppError("validation", "That page of the list is not valid any more. Reload the list.");
  }
  const [{ sources: all, single }, names] = await Promise.all([projects.sources(query.connection, query.region), projects.names()]);
  const sources = cursor ? all.filter((s) => cursor[sourceKey(s.dto.connectionId, s.region)]) : all;

  const startOf = (source: Source) => {
    const { filters, keep } = tabListing(query, source.dto.projectId);
    return { filters: { ...filters, limit: keep ? SCAN_PAGE_SIZE : PAGE_SIZE }, keep };
  };
  const { results, failures, late } = await fanOut(
    sources,
    (source, signal) =>
      withGlance(
        source,
        (target) => {
          const { filters, keep } = startOf(source);
          const resume = cursor?.[sourceKey(source.dto.connectionId, source.region)];
          return scanImages(target, resume ? { next: resume } : filters, { want: PAGE_SIZE, maxPages: keep ? SCAN_MAX_PAGES : 1, keep });
        },
        { signal },
      ),
    { single, patienceMs: cursor ? undefined : LIST_PATIENCE_MS },
  );

  const rows: { image: Image; source: ImageSourceDto }[] = [];
  const next: ListCursor = {};
  let scanned = 0;
  for (const { source, value } of results) {
    scanned += value.scanned;
    rows.push(...value.images.map((image) => ({ image, source: source.dto })));
    if (value.next) next[sourceKey(source.dto.connectionId, source.region)] = value.next;
  }
  for (const source of late) next[sourceKey(source.dto.connectionId, source.region)] = firstPageLink(startOf(source).filters);
  const order = compareImages(query.sort);
  rows.sort((a, b) => order(a.image, b.image) || a.source.projectName.localeCompare(b.source.projectName));
  return {
    images: rows.map((r) => toSummary(r.image, r.source, names)),
    cursor: encodeCursor(next),
    scanned,
    failures,
    late: late.map((s) => s.dto),
  };
}

function detailOf(image: Image, source: Source, names: Map<string, string>): ImageDetailDto {
  const isOwner = image.owner === source.dto.projectId;
  const { expired, readOnly } = source.connection;
  return {
    ...toSummary(image, source.dto, names),
    protected: image.protected,
    hidden: image.hidden,
    checksum: image.checksum,
    hashAlgo: image.hashAlgo,
    hashValue: image.hashValue,
    virtualSize: image.virtualSize,
    minDisk: image.minDisk,
    minRam: image.minRam,
    containerFormat: image.containerFormat,
    tags: image.tags,
    properties: image.properties,
    isOwner,
    canManage: isOwner && !readOnly && !expired,
  };
}

/** Everything a person checks before trusting an image, as one connected project sees it. */
export async function getImageDetail(projects: ProjectContext, location: ImageLocation, imageId: string): Promise<ImageDetailDto> {
  const source = await projects.source(location);
  const [image, names] = await Promise.all([withGlance(source, (target) => getImage(target, imageId)), projects.names()]);
  return detailOf(image, source, names);
}

/** Switches an owned image between private and shared (members are kept by Glance either way), journaled. */
export async function changeVisibility(
  projects: ProjectContext,
  location: ImageLocation,
  imageId: string,
  visibility: "private" | "shared",
): Promise<VisibilityChangeDto> {
  const source = await projects.source(location);
  const [{ value: image, journalError }, names] = await Promise.all([
    withGlance(
      source,
      (target, actor) =>
        journaled(
          (changed: Image | null) => ({
            ...actor,
            region: location.region,
            image: { id: imageId, name: changed?.name ?? null },
            memberId: null,
            action: visibility === "shared" ? "visibility_shared" : "visibility_private",
          }),
          () => setImageVisibility(target, imageId, visibility),
        ),
      { write: true },
    ),
    projects.names(),
  ]);
  return { image: detailOf(image, source, names), journalError };
}
