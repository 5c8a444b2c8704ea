import "server-only";

import type { Readable } from "node:stream";

import { AppError } from "@/lib/errors";
import { say } from "@/lib/i18n/sentence";
import { OpenStackError } from "@/lib/openstack/errors";
import {
  firstPageLink,
  getImage,
  handOffImageData,
  listImportTasks,
  openImageData,
  scanImages,
  type Image,
  type ImageDataHandOff,
  type ImportTask,
} from "@/lib/openstack/glance";
import type {
  ImageChange,
  ImageChangeDto,
  ImageDetailDto,
  ImageListDto,
  ImageListRequest,
  ImageLocation,
  ImageSourceDto,
} from "@/lib/schemas/images";
import { applyImageChange } from "@/lib/server/common/image-change";
import { toSummary } from "@/lib/server/common/image-summary";
import { withGlance, type ProjectContext, type Source } from "@/lib/server/core/context";
import { errorOf, fanOut } from "@/lib/server/core/fan-out";

import { DOWNLOAD_IDLE_MS, endWhenIdle, takeDownloadPlace } from "./download";
import {
  compareImages,
  decodeCursor,
  encodeCursor,
  sourceKey,
  tabListing,
  type ListCursor,
} from "./listing";

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
export async function listImagesPage(
  projects: ProjectContext,
  query: ImageListRequest,
): Promise<ImageListDto> {
  let cursor: ListCursor | null = null;
  if (query.cursor) {
    cursor = decodeCursor(query.cursor);
    if (!cursor) throw new AppError("validation", say("images.staleMarker"));
  }
  const [{ sources: all, single }, names] = await Promise.all([
    projects.sources(query.connection, query.region),
    projects.names(),
  ]);
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
          return scanImages(target, resume ? { next: resume } : filters, {
            want: PAGE_SIZE,
            maxPages: keep ? SCAN_MAX_PAGES : 1,
            keep,
          });
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
  for (const source of late)
    next[sourceKey(source.dto.connectionId, source.region)] = firstPageLink(
      startOf(source).filters,
    );
  const order = compareImages(query.sort);
  rows.sort(
    (a, b) => order(a.image, b.image) || a.source.projectName.localeCompare(b.source.projectName),
  );
  return {
    images: rows.map((r) => toSummary(r.image, r.source, names)),
    cursor: encodeCursor(next),
    scanned,
    failures,
    late: late.map((s) => s.dto),
  };
}

/** What reading the import tasks gave: Glance lets only the owner's project read them (others get 404). */
type ImportsRead = { tasks: ImportTask[] | null; error: string | null };

async function readImports(source: Source, imageId: string): Promise<ImportsRead> {
  try {
    return {
      tasks: await withGlance(source, (target) => listImportTasks(target, imageId)),
      error: null,
    };
  } catch (err) {
    if (err instanceof OpenStackError && (err.code === "not_found" || err.code === "forbidden"))
      return { tasks: null, error: null };
    // The rest of the page does not depend on them: say why they are missing instead of failing it.
    return { tasks: null, error: errorOf(err).message };
  }
}

function detailOf(
  image: Image,
  source: Source,
  names: Map<string, string>,
  imports: ImportsRead,
): ImageDetailDto {
  const isOwner = image.owner === source.dto.projectId;
  const { expired, readOnly } = source.connection;
  return {
    ...toSummary(image, source.dto, names),
    protected: image.protected,
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
    canDownload: image.status === "active" && !readOnly && !expired,
    imports: imports.tasks,
    importsError: imports.error,
    failedImportStores: (image.properties.os_glance_failed_import ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  };
}

/** Everything a person checks before trusting an image, as one connected project sees it. */
export async function getImageDetail(
  projects: ProjectContext,
  location: ImageLocation,
  imageId: string,
): Promise<ImageDetailDto> {
  const source = await projects.source(location);
  const [image, names, imports] = await Promise.all([
    withGlance(source, (target) => getImage(target, imageId)),
    projects.names(),
    readImports(source, imageId),
  ]);
  return detailOf(image, source, names, imports);
}

/**
 * One change of an owned image, journaled: visibility (private or shared; members are kept
 * by Glance either way), hidden from lists or not, or the image it replaces (which must be
 * another image of the same project).
 */
export async function changeImage(
  projects: ProjectContext,
  change: ImageChange,
  imageId: string,
): Promise<ImageChangeDto> {
  const source = await projects.source(change);
  const [{ value: image, journalError }, names, imports] = await Promise.all([
    applyImageChange(source, change, imageId),
    projects.names(),
    readImports(source, imageId),
  ]);
  return { image: detailOf(image, source, names, imports), journalError };
}

export interface ImageDownload {
  /** The bytes, relayed from Glance as they come; or where nginx fetches them itself. */
  data: { body: Readable } | { handOff: ImageDataHandOff };
  /** The name a person saves it under, before its disk format (the extension). */
  name: string;
  diskFormat: string | null;
  /** What Glance recorded when the data was uploaded (os_hash_algo, os_hash_value), to check the file against. */
  hash: { algo: string; value: string } | null;
}

const describeFile = (image: Image) => ({
  name: image.name || image.id,
  diskFormat: image.diskFormat,
  hash: image.hashAlgo && image.hashValue ? { algo: image.hashAlgo, value: image.hashValue } : null,
});

const noData = (image: Image) =>
  new AppError(
    "not_found",
    say("images.noData", { image: image.name ?? image.id, status: image.status }),
  );

/**
 * An image's data for the browser to save; whoever may download it in Glance may here.
 * Relayed from Glance as it comes, or, with `handOff` (nginx in front takes downloads,
 * README "Deployment"), checked here and fetched by nginx: then it is not one of the
 * person's downloads through this server, which only its relays count.
 */
export async function downloadImage(
  projects: ProjectContext,
  location: ImageLocation,
  imageId: string,
  { signal, handOff }: { signal: AbortSignal; handOff: boolean },
): Promise<ImageDownload> {
  const source = await projects.source(location);
  if (handOff)
    return withGlance(
      source,
      async (target) => {
        const image = await getImage(target, imageId);
        if (image.status !== "active") throw noData(image);
        return {
          data: { handOff: await handOffImageData(target, imageId) },
          ...describeFile(image),
        };
      },
      { signal },
    );
  const { stored } = source.connection;
  const release = takeDownloadPlace(`${stored.authUrl}|${stored.user.id}`, stored.user.name);
  return withGlance(
    source,
    async (target) => {
      const image = await getImage(target, imageId);
      const data = await openImageData(target, imageId);
      if (!data) throw noData(image);
      return {
        data: { body: endWhenIdle(data, DOWNLOAD_IDLE_MS, release) },
        ...describeFile(image),
      };
    },
    { signal },
  ).catch((err: unknown) => {
    release();
    throw err;
  });
}
