import { z } from "zod";

import type { Image, ImageListFilters } from "@/lib/openstack/glance";
import type { ImageListQuery, ImageSort, ImageTab } from "@/lib/schemas/images";

// How one tab of the image list is asked of Glance, and what is filtered on our side.

type ListQuery = Pick<ImageListQuery, "q" | "status" | "visibility" | "diskFormat" | "listing"> & {
  tab: ImageTab;
  sort: ImageSort;
};

export interface TabListing {
  filters: ImageListFilters;
  /** Applied to each image Glance returns; absent when Glance's own filters suffice. */
  keep?: (image: Image) => boolean;
}

const memberStatusOfTab = {
  shared: "accepted",
  invitations: "pending",
  rejected: "rejected",
} as const;

/** The Glance filters and our own predicate for one tab, as seen by `projectId`. */
export function tabListing(query: ListQuery, projectId: string): TabListing {
  const filters: ImageListFilters = {
    status: query.status,
    diskFormat: query.diskFormat,
    sort: query.sort,
  };
  if (query.listing === "hidden") filters.hidden = true;
  const keeps: ((image: Image) => boolean)[] = [];
  switch (query.tab) {
    case "owned":
      Object.assign(filters, { owner: projectId, visibility: query.visibility ?? "all" });
      break;
    case "public":
      filters.visibility = query.visibility === "community" ? "community" : "public";
      break;
    default:
      Object.assign(filters, { visibility: "shared", memberStatus: memberStatusOfTab[query.tab] });
      // Glance mixes the caller's own shared images into these listings.
      keeps.push((image) => image.owner !== projectId);
  }
  const search = query.q?.toLowerCase();
  // Glance matches names exactly only; a search matches part of the name, or the id.
  if (search)
    keeps.push((image) => (image.name ?? "").toLowerCase().includes(search) || image.id === search);
  return { filters, keep: keeps.length > 0 ? (image) => keeps.every((k) => k(image)) : undefined };
}

/** Orders merged rows from several projects the way Glance orders each one. */
export function compareImages(sort: ImageSort): (a: Image, b: Image) => number {
  const [key, direction] = sort.split(":") as [string, "asc" | "desc"];
  const sign = direction === "asc" ? 1 : -1;
  const value = (i: Image): string | number =>
    key === "name"
      ? (i.name ?? "")
      : key === "size"
        ? (i.size ?? -1)
        : key === "created_at"
          ? i.createdAt
          : i.updatedAt;
  return (a, b) => {
    const x = value(a);
    const y = value(b);
    return (
      sign *
      (typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y)))
    );
  };
}

/** A page position in each project × region still to read: Glance's `next` links. */
export type ListCursor = Record<string, string>;

export const sourceKey = (connectionId: string, region: string) => `${connectionId}|${region}`;

export function encodeCursor(cursor: ListCursor): string | null {
  return Object.keys(cursor).length === 0
    ? null
    : Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

/**
 * Reads a cursor back. Only relative links into Glance's image list are accepted: a
 * cursor comes from the browser and must not steer the server to another host.
 */
export function decodeCursor(raw: string): ListCursor | null {
  const parsed = cursorSchema.safeParse(readJson(Buffer.from(raw, "base64url").toString("utf8")));
  return parsed.success ? parsed.data : null;
}

// Glance's own links are root-relative; a late source's first page is endpoint-relative.
const isListLink = (v: string) => v.startsWith("/v2/images?") || v.startsWith("v2/images?");
const cursorSchema = z
  .record(z.string(), z.string().refine(isListLink))
  .refine((c) => Object.keys(c).length > 0);

function readJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
