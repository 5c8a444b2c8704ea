import { optionalText, z } from "@/lib/schemas/zod";

export const visibilityValues = ["public", "community", "shared", "private"] as const;
export const memberStatusValues = ["pending", "accepted", "rejected"] as const;
export type MemberStatusValue = (typeof memberStatusValues)[number];

/** The image list's tabs, from the point of view of the project looking. */
export const imageTabs = ["owned", "shared", "invitations", "rejected", "public"] as const;
export type ImageTab = (typeof imageTabs)[number];

export const imageSorts = [
  "name:asc",
  "name:desc",
  "created_at:desc",
  "created_at:asc",
  "updated_at:desc",
  "size:desc",
  "size:asc",
] as const;
export type ImageSort = (typeof imageSorts)[number];

/** Glance gives every image a UUID (and accepts no other id on create). */
export const imageIdSchema = z
  .string()
  .trim()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    "An image id is a UUID (as `openstack image list` prints it)",
  );

/** Where an image was seen: a connected project in one region. */
export const imageSourceDtoSchema = z.object({
  connectionId: z.string(),
  projectId: z.string(),
  projectName: z.string(),
  region: z.string(),
});
export type ImageSourceDto = z.infer<typeof imageSourceDtoSchema>;

/** One image as a list shows it (the browser's view of lib/openstack's Image). */
export const imageSummaryDtoSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  status: z.string(),
  visibility: z.enum(visibilityValues),
  /** Hidden from image lists (os_hidden); it works as before for whoever may use it. */
  hidden: z.boolean(),
  /** The image this one replaces (a new version rolled out with its predecessor recorded). */
  predecessorId: z.string().nullable(),
  owner: z.string().nullable(),
  /** The owner's project name when that project is connected here. */
  ownerName: z.string().nullable(),
  size: z.number().nullable(),
  diskFormat: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  source: imageSourceDtoSchema,
});
export type ImageSummaryDto = z.infer<typeof imageSummaryDtoSchema>;

/** A project × region that could not be listed; the others still are. */
export const sourceFailureDtoSchema = z.object({
  connectionId: z.string(),
  projectName: z.string(),
  region: z.string().nullable(),
  code: z.string(),
  message: z.string(),
});
export type SourceFailureDto = z.infer<typeof sourceFailureDtoSchema>;

export const imageListDtoSchema = z.object({
  images: z.array(imageSummaryDtoSchema),
  /** Opaque: pass it back as `cursor` for the following page; null on the last one. */
  cursor: z.string().nullable(),
  /** How many images Glance returned for this page before the search kept some. */
  scanned: z.number(),
  failures: z.array(sourceFailureDtoSchema),
  /**
   * Sources that had not answered when this page was sent (a stalled region must not hold
   * the others' rows): the next page reads them from their start, without a deadline.
   */
  late: z.array(imageSourceDtoSchema),
});
export type ImageListDto = z.infer<typeof imageListDtoSchema>;

/** Query of GET /api/images: `connection` and `region` may be `all`. */
export const imageListQuerySchema = z.object({
  connection: z.string().min(1).default("all"),
  region: z.string().min(1).default("all"),
  tab: z.enum(imageTabs).default("owned"),
  q: optionalText,
  status: optionalText,
  visibility: z.enum(visibilityValues).optional(),
  diskFormat: optionalText,
  /** Glance lists either the images in lists or those hidden from them (os_hidden). */
  listing: z.enum(["listed", "hidden"]).default("listed"),
  sort: z.enum(imageSorts).default("name:asc"),
  cursor: z.string().max(16_384).optional(),
});
/** As the browser sends it (defaults may be left out). */
export type ImageListQuery = z.input<typeof imageListQuerySchema>;
/** As the server reads it, defaults filled in. */
export type ImageListRequest = z.infer<typeof imageListQuerySchema>;

/** Names one connected project in one region (query string or body). */
export const imageLocationSchema = z.object({
  connection: z.string().min(1, "Choose a connected project"),
  region: z.string().min(1, "Choose a region"),
});
export type ImageLocation = z.infer<typeof imageLocationSchema>;

/** One import of data into an image, as Glance ran it (GET /v2/images/{id}/tasks). */
export const importTaskDtoSchema = z.object({
  id: z.string(),
  status: z.string(),
  method: z.string().nullable(),
  /** web-download's source: scheme, host and path only. */
  source: z.string().nullable(),
  message: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ImportTaskDto = z.infer<typeof importTaskDtoSchema>;

export const imageDetailDtoSchema = imageSummaryDtoSchema.extend({
  protected: z.boolean(),
  checksum: z.string().nullable(),
  hashAlgo: z.string().nullable(),
  hashValue: z.string().nullable(),
  virtualSize: z.number().nullable(),
  minDisk: z.number(),
  minRam: z.number(),
  containerFormat: z.string().nullable(),
  tags: z.array(z.string()),
  properties: z.record(z.string(), z.string()),
  /** The looking project owns it: it may manage visibility and members. */
  isOwner: z.boolean(),
  /** The looking project may change things (not reader-only, session live). */
  canManage: z.boolean(),
  /** It has data, and the looking project may download it (Glance refuses the reader role). */
  canDownload: z.boolean(),
  /** Its import tasks, newest first; null when this project may not read them (only the owner's may). */
  imports: z.array(importTaskDtoSchema).nullable(),
  /** Why the import tasks could not be read, when Glance failed rather than refused. */
  importsError: z.string().nullable(),
  /** Stores an import into which failed, as Glance records them (os_glance_failed_import). */
  failedImportStores: z.array(z.string()),
});
export type ImageDetailDto = z.infer<typeof imageDetailDtoSchema>;

/** Body of PATCH /api/images/{id}: one change of an owned image. */
export const imageChangeSchema = imageLocationSchema
  .extend({
    visibility: z
      .enum(
        ["private", "shared"],
        "Visibility can only be switched between private and shared here",
      )
      .optional(),
    /** Hide from image lists (os_hidden), or show again. */
    hidden: z.boolean().optional(),
    /** Record the image this one replaces (a new version being rolled out). */
    predecessorId: imageIdSchema.optional(),
  })
  .refine(
    (c) => [c.visibility, c.hidden, c.predecessorId].filter((v) => v !== undefined).length === 1,
    "Send one change: visibility, hidden or predecessorId",
  );
export type ImageChange = z.infer<typeof imageChangeSchema>;

export const imageChangeDtoSchema = z.object({
  image: imageDetailDtoSchema,
  /** Set when the change was made but its journal entry could not be written. */
  journalError: z.string().nullable(),
});
export type ImageChangeDto = z.infer<typeof imageChangeDtoSchema>;
