import "server-only";

import type { Readable } from "node:stream";

import { z } from "zod";

import { say } from "@/lib/i18n/sentence";

import { cleanUpstreamMessage, OpenStackError } from "./errors";
import {
  handOff,
  openstackRequest,
  openstackStream,
  type ErrorClassifier,
  type HandOff,
  type OpenStackRequest,
} from "./http";

// ---- Upstream shapes (Glance v2) ---------------------------------------------------

export const visibilities = ["public", "community", "shared", "private"] as const;
export const memberStatuses = ["pending", "accepted", "rejected"] as const;
export type Visibility = (typeof visibilities)[number];
export type MemberStatus = (typeof memberStatuses)[number];

const baseImageKeys = [
  "id",
  "name",
  "status",
  "visibility",
  "protected",
  "os_hidden",
  "owner",
  "checksum",
  "os_hash_algo",
  "os_hash_value",
  "size",
  "virtual_size",
  "min_disk",
  "min_ram",
  "disk_format",
  "container_format",
  "tags",
  "created_at",
  "updated_at",
  "self",
  "file",
  "schema",
  "direct_url",
  "locations",
] as const;

// Any key beyond the base ones is a free-form property, so the object stays open.
const upstreamImageSchema = z.looseObject({
  id: z.string(),
  name: z.string().nullable(),
  status: z.string(),
  visibility: z.enum(visibilities),
  protected: z.boolean(),
  os_hidden: z.boolean().default(false),
  owner: z.string().nullable(),
  checksum: z.string().nullable().default(null),
  os_hash_algo: z.string().nullable().default(null),
  os_hash_value: z.string().nullable().default(null),
  size: z.number().nullable().default(null),
  virtual_size: z.number().nullable().default(null),
  min_disk: z.number().default(0),
  min_ram: z.number().default(0),
  disk_format: z.string().nullable().default(null),
  container_format: z.string().nullable().default(null),
  tags: z.array(z.string()).default([]),
  created_at: z.string(),
  updated_at: z.string(),
});

const imagesPageSchema = z.object({
  images: z.array(upstreamImageSchema),
  next: z.string().optional(),
});

const upstreamMemberSchema = z.object({
  member_id: z.string(),
  image_id: z.string(),
  status: z.enum(memberStatuses),
  created_at: z.string(),
  updated_at: z.string(),
});

const membersSchema = z.object({ members: z.array(upstreamMemberSchema) });

// An import task as /v2/images/{id}/tasks lists it; `input` is whatever the import was asked.
const upstreamTaskSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  status: z.string(),
  message: z.string().nullable().default(null),
  created_at: z.string(),
  updated_at: z.string(),
  input: z
    .looseObject({
      import_req: z
        .looseObject({
          method: z
            .looseObject({ name: z.string().optional(), uri: z.string().optional() })
            .optional(),
        })
        .optional(),
    })
    .nullable()
    .default(null),
});

const tasksSchema = z.object({ tasks: z.array(upstreamTaskSchema) });

// ---- App shapes ----------------------------------------------------------------

/** Where and as whom to call one Glance: a region's endpoint and a project-scoped token. */
export interface GlanceTarget {
  endpoint: string;
  token: string;
  /** Aborts the calls made with this target (the request they serve has gone). */
  signal?: AbortSignal;
}

export interface Image {
  id: string;
  name: string | null;
  status: string;
  visibility: Visibility;
  protected: boolean;
  hidden: boolean;
  owner: string | null;
  checksum: string | null;
  hashAlgo: string | null;
  hashValue: string | null;
  size: number | null;
  virtualSize: number | null;
  minDisk: number;
  minRam: number;
  diskFormat: string | null;
  containerFormat: string | null;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  /** Free-form properties (os_distro, description, ...), as strings. */
  properties: Record<string, string>;
}

export interface ImageMember {
  imageId: string;
  memberId: string;
  status: MemberStatus;
  createdAt: string;
  updatedAt: string;
}

/** One import of data into an image, as Glance ran it. */
export interface ImportTask {
  id: string;
  /** pending, processing, success or failure. */
  status: string;
  /** The import method (web-download, glance-direct, copy-image, glance-download), when Glance says. */
  method: string | null;
  /** Where web-download fetched from: scheme, host and path only (a query may hold a signature). */
  source: string | null;
  /** Glance's reason when it failed. */
  message: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ImageListFilters {
  visibility?: Visibility | "all";
  memberStatus?: MemberStatus | "all";
  owner?: string;
  name?: string;
  status?: string;
  diskFormat?: string;
  tag?: string[];
  /** Glance leaves hidden images (`os_hidden`) out of lists; `true` lists only those. */
  hidden?: boolean;
  /** Glance's `sort` syntax: `name:asc,created_at:desc`. */
  sort?: string;
  /** Page size; Glance caps it at its `api_limit_max` (1000 by default). */
  limit?: number;
  marker?: string;
}

export interface ImagePage {
  images: Image[];
  /** Relative URL of the next page as Glance gave it, or null on the last page. */
  next: string | null;
}

function reshapeImage(raw: z.infer<typeof upstreamImageSchema>): Image {
  const properties: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if ((baseImageKeys as readonly string[]).includes(key) || value === null || value === undefined)
      continue;
    properties[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return {
    id: raw.id,
    name: raw.name,
    status: raw.status,
    visibility: raw.visibility,
    protected: raw.protected,
    hidden: raw.os_hidden,
    owner: raw.owner,
    checksum: raw.checksum,
    hashAlgo: raw.os_hash_algo,
    hashValue: raw.os_hash_value,
    size: raw.size,
    virtualSize: raw.virtual_size,
    minDisk: raw.min_disk,
    minRam: raw.min_ram,
    diskFormat: raw.disk_format,
    containerFormat: raw.container_format,
    tags: raw.tags,
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
    properties,
  };
}

/** A URL without what may be secret in it: user, password, query and fragment. */
function publicPartOf(uri: string): string | null {
  try {
    const url = new URL(uri);
    return `${url.protocol}//${url.host}${url.pathname}`.slice(0, 300);
  } catch {
    return null;
  }
}

function reshapeTask(raw: z.infer<typeof upstreamTaskSchema>): ImportTask {
  const method = raw.input?.import_req?.method;
  return {
    id: raw.id,
    status: raw.status,
    method: method?.name?.slice(0, 40) ?? null,
    source: method?.uri ? publicPartOf(method.uri) : null,
    message: raw.message ? cleanUpstreamMessage(raw.message).slice(0, 500) || null : null,
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
  };
}

function reshapeMember(raw: z.infer<typeof upstreamMemberSchema>): ImageMember {
  return {
    imageId: raw.image_id,
    memberId: raw.member_id,
    status: raw.status,
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
  };
}

/** The query string of an image listing, in Glance's parameter names. */
export function imageListQuery(filters: ImageListFilters): URLSearchParams {
  const q = new URLSearchParams();
  const set = (key: string, value: string | number | undefined) => {
    if (value !== undefined && value !== "") q.set(key, String(value));
  };
  set("visibility", filters.visibility);
  set("member_status", filters.memberStatus);
  set("owner", filters.owner);
  set("name", filters.name);
  set("status", filters.status);
  set("disk_format", filters.diskFormat);
  for (const tag of filters.tag ?? []) q.append("tag", tag);
  set("os_hidden", filters.hidden === undefined ? undefined : String(filters.hidden));
  set("sort", filters.sort);
  set("limit", filters.limit);
  set("marker", filters.marker);
  return q;
}

// ---- Error refinement -----------------------------------------------------------

// A private image answers "Only shared images have members" to most member calls,
// but "Not allowed to create members" to an invitation.
const notShared = (message: string) =>
  /only shared images|not allowed to create members/i.test(message);

const memberWriteClassifier: ErrorClassifier = (status, message) => {
  if (status === 403) return notShared(message) ? "not_shared" : "not_owner";
  if (status === 409) return "already_member";
  if (status === 413) return "member_quota";
  return undefined;
};

const memberStatusClassifier: ErrorClassifier = (status, message) => {
  if (status === 403) return notShared(message) ? "not_shared" : "not_member";
  if (status === 404) return "not_member";
  return undefined;
};

// Reading one member of a private image is a 404 rather than a 403.
const memberReadClassifier: ErrorClassifier = (status, message) =>
  (status === 403 || status === 404) && notShared(message) ? "not_shared" : undefined;

const imageWriteClassifier: ErrorClassifier = (status, message) => {
  if (status !== 403) return undefined;
  return /publicize_image/.test(message) ? "forbidden" : "not_owner";
};

// ---- Images --------------------------------------------------------------------

const v2 = (target: GlanceTarget, path: string) => `${target.endpoint}/v2${path}`;
/**
 * One path segment. encodeURIComponent leaves "." and ".." as they are, and a URL parser
 * then climbs: a member id ".." would turn a member call into a call on the image.
 */
function segment(id: string): string {
  if (id === "" || id === "." || id === "..")
    throw new OpenStackError("bad_request", say("glance.badSegment", { id }), "glance", 0);
  return encodeURIComponent(id);
}

const imageUrl = (target: GlanceTarget, imageId: string) =>
  v2(target, `/images/${segment(imageId)}`);

/** One Glance call as the target's project. */
const glanceRequest = <T = undefined>(
  target: GlanceTarget,
  req: Omit<OpenStackRequest<T>, "service" | "token">,
) => openstackRequest<T>({ ...req, service: "glance", token: target.token, signal: target.signal });

/**
 * Glance's `next` link, resolved: it must stay on the endpoint's origin and on the image
 * list, so a hostile or broken answer cannot send the project's token anywhere else.
 */
export function nextPageUrl(target: Pick<GlanceTarget, "endpoint">, next: string): string {
  const endpoint = new URL(`${target.endpoint}/`);
  const url = new URL(next, endpoint);
  const listPaths = [`${endpoint.pathname}v2/images`, "/v2/images"];
  if (
    url.origin !== endpoint.origin ||
    !listPaths.includes(url.pathname) ||
    url.username ||
    url.password
  ) {
    throw new OpenStackError("invalid_response", say("glance.foreignNextPage"), "glance", 0);
  }
  return url.toString();
}

/** The link to the first page of a listing, in the form `next` links take (relative to the endpoint). */
export const firstPageLink = (filters: ImageListFilters) =>
  `v2/images?${imageListQuery(filters).toString()}`;

/** Most pages one listing reads: 100 of 1000 images. A `next` that never ends is refused. */
export const MAX_LIST_PAGES = 100;

/** One page of images. Pass `next` from a previous page to follow Glance's own link. */
export async function listImages(
  target: GlanceTarget,
  filters: ImageListFilters | { next: string },
): Promise<ImagePage> {
  const url =
    "next" in filters
      ? nextPageUrl(target, filters.next)
      : `${v2(target, "/images")}?${imageListQuery(filters).toString()}`;
  const res = await glanceRequest(target, { url, schema: imagesPageSchema });
  return { images: res.data.images.map(reshapeImage), next: res.data.next ?? null };
}

/** Every image matching the filters, following `next` until Glance has no more (at most MAX_LIST_PAGES pages). */
export async function listAllImages(
  target: GlanceTarget,
  filters: ImageListFilters,
): Promise<Image[]> {
  const images: Image[] = [];
  const followed = new Set<string>();
  let page = await listImages(target, { limit: 1000, ...filters });
  images.push(...page.images);
  while (page.next && page.images.length > 0) {
    if (followed.has(page.next) || followed.size + 1 >= MAX_LIST_PAGES) {
      throw new OpenStackError(
        "invalid_response",
        say("glance.endlessList", { pages: MAX_LIST_PAGES }),
        "glance",
        0,
      );
    }
    followed.add(page.next);
    page = await listImages(target, { next: page.next });
    images.push(...page.images);
  }
  return images;
}

export interface ImageScan {
  images: Image[];
  /** Where to resume (a `next` link), or null when Glance has no more. */
  next: string | null;
  /** How many images Glance returned before `keep` filtered them. */
  scanned: number;
}

/**
 * Reads Glance's pages from `start` (filters, or a `next` link to resume), keeping the
 * images that pass `keep`, until `want` are kept, `maxPages` were read or the list ends.
 * Whole pages are read, so resuming from `next` skips nothing.
 */
export async function scanImages(
  target: GlanceTarget,
  start: ImageListFilters | { next: string },
  {
    want,
    maxPages,
    keep = () => true,
  }: { want: number; maxPages: number; keep?: (image: Image) => boolean },
): Promise<ImageScan> {
  const scan: ImageScan = { images: [], next: null, scanned: 0 };
  let from: ImageListFilters | { next: string } = start;
  for (let pages = 0; pages < maxPages; pages++) {
    const page = await listImages(target, from);
    scan.scanned += page.images.length;
    scan.images.push(...page.images.filter(keep));
    scan.next = page.images.length > 0 ? page.next : null;
    if (!scan.next || scan.images.length >= want) break;
    from = { next: scan.next };
  }
  return scan;
}

/** One image, if the caller may see it. */
export async function getImage(target: GlanceTarget, imageId: string): Promise<Image> {
  const res = await glanceRequest(target, {
    url: imageUrl(target, imageId),
    schema: upstreamImageSchema,
  });
  return reshapeImage(res.data);
}

type PatchOp = { op: "add" | "replace" | "remove"; path: string; value?: unknown };

async function patchImage(target: GlanceTarget, imageId: string, ops: PatchOp[]): Promise<Image> {
  const res = await glanceRequest(target, {
    method: "PATCH",
    url: imageUrl(target, imageId),
    body: ops,
    contentType: "application/openstack-images-v2.1-json-patch",
    schema: upstreamImageSchema,
    classify: imageWriteClassifier,
  });
  return reshapeImage(res.data);
}

/** Changes an image's visibility (owner only; `public` needs admin). */
export function setImageVisibility(
  target: GlanceTarget,
  imageId: string,
  visibility: Visibility,
): Promise<Image> {
  return patchImage(target, imageId, [{ op: "replace", path: "/visibility", value: visibility }]);
}

/** Hides an image from image lists (`os_hidden`), or shows it again; it keeps working either way. */
export function setImageHidden(
  target: GlanceTarget,
  imageId: string,
  hidden: boolean,
): Promise<Image> {
  return patchImage(target, imageId, [{ op: "replace", path: "/os_hidden", value: hidden }]);
}

/** Sets one free-form property (a JSON-patch `add`, which Glance also takes for a property that exists). */
export function setImageProperty(
  target: GlanceTarget,
  imageId: string,
  name: string,
  value: string,
): Promise<Image> {
  return patchImage(target, imageId, [{ op: "add", path: `/${name}`, value }]);
}

const imageDataUrl = (target: GlanceTarget, imageId: string) => `${imageUrl(target, imageId)}/file`;

/** Where another process fetches an image's data, and the token it sends. */
export type ImageDataHandOff = HandOff & { token: string };

/**
 * An image's data for another process to fetch (nginx, for a download): the checked
 * address of its Glance and the token to send. The image must be active (it has data).
 */
export async function handOffImageData(
  target: GlanceTarget,
  imageId: string,
): Promise<ImageDataHandOff> {
  const where = await handOff({
    service: "glance",
    url: imageDataUrl(target, imageId),
    signal: target.signal,
  });
  return { ...where, token: target.token };
}

/**
 * An image's data, relayed as Glance sends it (with backpressure: a slow reader slows
 * Glance, nothing is held whole). Null when the image has no data yet (Glance answers 204).
 */
export async function openImageData(
  target: GlanceTarget,
  imageId: string,
  { from = 0 }: { from?: number } = {},
): Promise<Readable | null> {
  const res = await openstackStream({
    service: "glance",
    url: imageDataUrl(target, imageId),
    token: target.token,
    signal: target.signal,
    // From a byte on: a relay whose source broke off picks up where it stopped.
    headers: from > 0 ? { Range: `bytes=${from}-` } : undefined,
    classify: (status) => (status === 403 ? "forbidden" : undefined),
  });
  if (res.status === 204) {
    // Read to its (empty) end: destroying undici's body instead emits an abort error nobody listens for.
    res.body.resume();
    return null;
  }
  if (from > 0) {
    const range = /^bytes (\d+)-/.exec(String(res.headers["content-range"] ?? ""));
    if (res.status !== 206 || Number(range?.[1]) !== from) {
      res.body.on("error", () => undefined).destroy();
      throw new OpenStackError(
        "invalid_response",
        say("glance.noResume", { from, status: res.status }),
        "glance",
        res.status,
      );
    }
  }
  return res.body;
}

export interface NewImage {
  name: string;
  diskFormat: string;
  containerFormat: string;
  visibility?: Visibility;
  minDisk?: number;
  minRam?: number;
  tags?: string[];
  properties?: Record<string, string>;
}

/** Creates an image record (status `queued` until data is uploaded). */
export async function createImage(target: GlanceTarget, image: NewImage): Promise<Image> {
  const res = await glanceRequest(target, {
    method: "POST",
    url: v2(target, "/images"),
    body: {
      ...image.properties,
      name: image.name,
      disk_format: image.diskFormat,
      container_format: image.containerFormat,
      visibility: image.visibility,
      min_disk: image.minDisk,
      min_ram: image.minRam,
      tags: image.tags,
    },
    schema: upstreamImageSchema,
  });
  return reshapeImage(res.data);
}

/** Uploads an image's data; Glance computes its size, checksum and hash. */
export async function uploadImageData(
  target: GlanceTarget,
  imageId: string,
  data: Uint8Array,
): Promise<void> {
  await glanceRequest(target, {
    method: "PUT",
    url: `${imageUrl(target, imageId)}/file`,
    body: data,
    timeoutMs: 120_000,
  });
}

/**
 * An import method and what it needs: web-download takes a `uri`; glance-download makes
 * this Glance fetch an image from another region's Glance of the same cloud itself.
 */
export type ImportMethod =
  | { name: "web-download"; uri: string }
  | {
      name: "glance-download";
      glance_image_id: string;
      glance_region: string;
      glance_service_interface: "public" | "internal" | "admin";
    }
  | { name: "glance-direct" | "copy-image" };

const usageSchema = z.object({
  usage: z.record(z.string().max(64), z.object({ limit: z.number(), usage: z.number() })),
});

/** One quota of a project in a Glance: its limit (negative: none) and what is used. */
export interface QuotaUse {
  limit: number;
  usage: number;
}

/**
 * The project's quotas in this Glance (GET /v2/info/usage; with Keystone unified limits,
 * e.g. image_size_total in MiB, image_count_total). Empty when the cloud enforces none.
 */
export async function getImageUsage(target: GlanceTarget): Promise<Record<string, QuotaUse>> {
  const res = await glanceRequest(target, { url: v2(target, "/info/usage"), schema: usageSchema });
  return Object.fromEntries(Object.entries(res.data.usage).slice(0, 32));
}

const importInfoSchema = z.object({
  "import-methods": z.object({ value: z.array(z.string().max(64)).max(32) }),
});

/** The import methods this Glance offers (GET /v2/info/import). */
export async function listImportMethods(target: GlanceTarget): Promise<string[]> {
  const res = await glanceRequest(target, {
    url: v2(target, "/info/import"),
    schema: importInfoSchema,
  });
  return res.data["import-methods"].value;
}

/** Starts importing data into a queued image; Glance answers at once and runs the import as a task. */
export async function importImage(
  target: GlanceTarget,
  imageId: string,
  method: ImportMethod,
): Promise<void> {
  await glanceRequest(target, {
    method: "POST",
    url: `${imageUrl(target, imageId)}/import`,
    body: { method },
    classify: imageWriteClassifier,
  });
}

/** Most import tasks read for one image: the newest, which say what happened last. */
export const MAX_IMPORT_TASKS = 10;

/** The image's import tasks, newest first (its owner's; Glance keeps them for two days). */
export async function listImportTasks(
  target: GlanceTarget,
  imageId: string,
): Promise<ImportTask[]> {
  const res = await glanceRequest(target, {
    url: `${imageUrl(target, imageId)}/tasks`,
    schema: tasksSchema,
  });
  return res.data.tasks
    .map(reshapeTask)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .slice(0, MAX_IMPORT_TASKS);
}

// Past image_size_cap, or the owner's storage quota.
const uploadClassifier: ErrorClassifier = (status) =>
  status === 413 ? "too_large" : status === 403 ? "not_owner" : undefined;

/**
 * Streams data into a queued image as it is read (backpressure: nothing is held whole);
 * Glance computes its size, checksum and hash. `size`, when known, is sent as its length.
 */
export async function uploadImageStream(
  target: GlanceTarget,
  imageId: string,
  data: Readable,
  size?: number,
): Promise<void> {
  const res = await openstackStream({
    service: "glance",
    method: "PUT",
    url: `${imageUrl(target, imageId)}/file`,
    token: target.token,
    signal: target.signal,
    headers: {
      "Content-Type": "application/octet-stream",
      ...(size === undefined ? {} : { "Content-Length": String(size) }),
    },
    upload: data,
    // Glance writes the last chunk to its store before it answers.
    timeoutMs: 120_000,
    classify: uploadClassifier,
  });
  res.body.resume();
}

/** Deletes an image (owner only). */
export async function deleteImage(target: GlanceTarget, imageId: string): Promise<void> {
  await glanceRequest(target, {
    method: "DELETE",
    url: imageUrl(target, imageId),
    classify: imageWriteClassifier,
  });
}

// ---- Members -------------------------------------------------------------------

const membersUrl = (target: GlanceTarget, imageId: string, memberId?: string) =>
  `${imageUrl(target, imageId)}/members${memberId === undefined ? "" : `/${segment(memberId)}`}`;

/** The owner sees every member; a member sees only its own row. */
export async function listMembers(target: GlanceTarget, imageId: string): Promise<ImageMember[]> {
  const res = await glanceRequest(target, {
    url: membersUrl(target, imageId),
    schema: membersSchema,
    classify: memberReadClassifier,
  });
  return res.data.members.map(reshapeMember);
}

/** One membership, visible to the owner and to that member. */
export async function getMember(
  target: GlanceTarget,
  imageId: string,
  memberId: string,
): Promise<ImageMember> {
  const res = await glanceRequest(target, {
    url: membersUrl(target, imageId, memberId),
    schema: upstreamMemberSchema,
    classify: memberReadClassifier,
  });
  return reshapeMember(res.data);
}

/** Invites a project (owner only; the image must be `shared`). Glance checks nothing about the id. */
export async function addMember(
  target: GlanceTarget,
  imageId: string,
  memberId: string,
): Promise<ImageMember> {
  const res = await glanceRequest(target, {
    method: "POST",
    url: membersUrl(target, imageId),
    body: { member: memberId },
    schema: upstreamMemberSchema,
    classify: memberWriteClassifier,
  });
  return reshapeMember(res.data);
}

/** Accepts, rejects or resets an invitation: only the member project may do this. */
export async function updateMemberStatus(
  target: GlanceTarget,
  imageId: string,
  memberId: string,
  status: MemberStatus,
): Promise<ImageMember> {
  const res = await glanceRequest(target, {
    method: "PUT",
    url: membersUrl(target, imageId, memberId),
    body: { status },
    schema: upstreamMemberSchema,
    classify: memberStatusClassifier,
  });
  return reshapeMember(res.data);
}

/** Removes a member (owner only): the consumer loses access at once. */
export async function removeMember(
  target: GlanceTarget,
  imageId: string,
  memberId: string,
): Promise<void> {
  await glanceRequest(target, {
    method: "DELETE",
    url: membersUrl(target, imageId, memberId),
    classify: memberWriteClassifier,
  });
}

/**
 * Images other projects share with `projectId` in the given member status. Glance
 * unions the caller's own shared images into this listing, so they are dropped here.
 */
export async function listSharedWithProject(
  target: GlanceTarget,
  projectId: string,
  memberStatus: MemberStatus,
): Promise<Image[]> {
  const images = await listAllImagesAndHidden(target, { visibility: "shared", memberStatus });
  return images.filter((image) => image.owner !== projectId);
}

/**
 * Every image of a listing, the hidden ones (`os_hidden`) included: Glance lists either
 * the visible or the hidden ones, so a hidden image shared with a project would never
 * show as an invitation. Two listings, read side by side.
 */
export async function listAllImagesAndHidden(
  target: GlanceTarget,
  filters: Omit<ImageListFilters, "hidden">,
): Promise<Image[]> {
  const [shown, hidden] = await Promise.all([
    listAllImages(target, filters),
    listAllImages(target, { ...filters, hidden: true }),
  ]);
  return [...shown, ...hidden];
}
