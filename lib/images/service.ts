import "server-only";
import { mapSettled } from "@/lib/concurrency";
import { listConnections, withGlance } from "@/lib/connections/service";
import { AppError } from "@/lib/errors";
import { OpenStackError } from "@/lib/openstack/errors";
import { getImage, scanImages, setImageVisibility, type Image } from "@/lib/openstack/glance";
import type { ConnectionDto } from "@/lib/schemas/connections";
import type {
  ImageDetailDto,
  ImageListDto,
  ImageListQuery,
  ImageLocation,
  ImageSourceDto,
  ImageSummaryDto,
  SourceFailureDto,
  VisibilityChangeDto,
} from "@/lib/schemas/images";
import { imageListQuerySchema } from "@/lib/schemas/images";
import { journaled } from "@/lib/journal/service";
import { compareImages, decodeCursor, encodeCursor, sourceKey, tabListing, type ListCursor } from "./listing";

const PAGE_SIZE = 100;
// With a search (or our own filtering), Glance is read in bigger pages, within a budget.
const SCAN_PAGE_SIZE = 500;
const SCAN_MAX_PAGES = 6;
/** Concurrent Glance calls of one request across projects and regions. */
export const FAN_OUT = 8;

/** Project id → name, for every project connected here. */
export const projectNames = (connections: ConnectionDto[]) => new Map(connections.map((c) => [c.project.id, c.project.name]));

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

export const sourceOf = (c: ConnectionDto, region: string): ImageSourceDto => ({
  connectionId: c.id,
  projectId: c.project.id,
  projectName: c.project.name,
  region,
});

/** A pair that could not be read, with the sentence the upstream or the dashboard gave. */
export function failureOf(source: { connectionId: string; projectName: string; region: string | null }, err: unknown): SourceFailureDto {
  if (err instanceof AppError || err instanceof OpenStackError) return { ...source, code: err.code, message: err.message };
  console.error("[glance-share] listing failed", err);
  return { ...source, code: "internal", message: "This project could not be read; the server log says why." };
}

/**
 * Connected projects × regions to read: one, or `all` of either. Naming one project and
 * one region makes that pair's errors the request's errors; a wider request reports
 * each failing pair beside the rows of the others.
 */
export async function resolveSources(connection: string, region: string) {
  const { connections } = await listConnections();
  const chosen = connection === "all" ? connections : connections.filter((c) => c.id === connection);
  if (connection !== "all" && chosen.length === 0) throw new AppError("not_connected", "That project is not connected (any more).");
  const sources = chosen.flatMap((c) => (region === "all" ? c.regions : c.regions.filter((r) => r === region)).map((r) => sourceOf(c, r)));
  if (connection !== "all" && region !== "all" && sources.length === 0) {
    throw new AppError("no_endpoint", `${chosen[0]!.project.name} has no image service in region ${region}.`);
  }
  return { connections, sources, single: connection !== "all" && region !== "all" };
}

/** One page of images for a tab, across the chosen projects and regions, merged and sorted. */
export async function listImagesPage(raw: ImageListQuery): Promise<ImageListDto> {
  const query = imageListQuerySchema.parse(raw);
  const { connections, sources: all, single } = await resolveSources(query.connection, query.region);
  let cursor: ListCursor | null = null;
  if (query.cursor) {
    cursor = decodeCursor(query.cursor);
    if (!cursor) throw new AppError("validation", "That page of the list is not valid any more. Reload the list.");
  }
  const sources = cursor ? all.filter((s) => cursor[sourceKey(s.connectionId, s.region)]) : all;
  const names = projectNames(connections);

  const settled = await mapSettled(sources, FAN_OUT, (source) =>
    withGlance(source.connectionId, source.region, (target) => {
      const { filters, keep } = tabListing(query, source.projectId);
      const resume = cursor?.[sourceKey(source.connectionId, source.region)];
      return scanImages(target, resume ? { next: resume } : { ...filters, limit: keep ? SCAN_PAGE_SIZE : PAGE_SIZE }, {
        want: PAGE_SIZE,
        maxPages: keep ? SCAN_MAX_PAGES : 1,
        keep,
      });
    }),
  );

  const rows: { image: Image; source: ImageSourceDto }[] = [];
  const next: ListCursor = {};
  const failures: SourceFailureDto[] = [];
  let scanned = 0;
  for (const [i, result] of settled.entries()) {
    const source = sources[i]!;
    if (result.status === "rejected") {
      if (single) throw result.reason;
      failures.push(failureOf(source, result.reason));
      continue;
    }
    scanned += result.value.scanned;
    rows.push(...result.value.images.map((image) => ({ image, source })));
    if (result.value.next) next[sourceKey(source.connectionId, source.region)] = result.value.next;
  }
  const order = compareImages(query.sort);
  rows.sort((a, b) => order(a.image, b.image) || a.source.projectName.localeCompare(b.source.projectName));
  return { images: rows.map((r) => toSummary(r.image, r.source, names)), cursor: encodeCursor(next), scanned, failures };
}

/** Everything a person checks before trusting an image, as one connected project sees it. */
export async function getImageDetail(location: ImageLocation, imageId: string): Promise<ImageDetailDto> {
  const { connections } = await listConnections();
  const connection = connections.find((c) => c.id === location.connection);
  const image = await withGlance(location.connection, location.region, (target) => getImage(target, imageId));
  return detailOf(image, connection, location.region, connections);
}

function detailOf(image: Image, connection: ConnectionDto | undefined, region: string, connections: ConnectionDto[]): ImageDetailDto {
  if (!connection) throw new AppError("not_connected", "That project is not connected (any more).");
  const isOwner = image.owner === connection.project.id;
  return {
    ...toSummary(image, sourceOf(connection, region), projectNames(connections)),
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
    canManage: isOwner && !connection.readOnly && connection.status === "active",
  };
}

/** Switches an owned image between private and shared (members are kept by Glance either way), journaled. */
export async function changeVisibility(
  location: ImageLocation,
  imageId: string,
  visibility: "private" | "shared",
): Promise<VisibilityChangeDto> {
  const { value: image, journalError } = await withGlance(
    location.connection,
    location.region,
    (target, actor) =>
      journaled(
        (changed: Image | null) => ({
          user: actor.user,
          project: actor.project,
          region: location.region,
          image: { id: imageId, name: changed?.name ?? null },
          memberId: null,
          action: visibility === "shared" ? "visibility_shared" : "visibility_private",
        }),
        () => setImageVisibility(target, imageId, visibility),
      ),
    { write: true },
  );
  const { connections } = await listConnections();
  return { image: detailOf(image, connections.find((c) => c.id === location.connection), location.region, connections), journalError };
}
