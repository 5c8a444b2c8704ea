import { imageIdSchema, imageLocationSchema } from "@/lib/schemas/images";
import { z } from "@/lib/schemas/zod";

/** Targets one request may copy into. */
export const MAX_TRANSFER_TARGETS = 20;
/** Images one request may copy (a selection in the image list). */
export const MAX_TRANSFER_IMAGES = 20;
/** Copies one request may start: images × targets. */
export const MAX_TRANSFER_PAIRS = 100;

/** One image to copy, where a connected project sees it. */
export const transferSourceSchema = z.object({
  source: imageLocationSchema,
  imageId: imageIdSchema,
});
export type TransferSource = z.infer<typeof transferSourceSchema>;

const placeKey = (l: { connection: string; region: string }) => `${l.connection}|${l.region}`;

/** Copy (or move) images into connected projects × regions: every image into every target. */
export const transferRequestSchema = z
  .object({
    images: z
      .array(transferSourceSchema)
      .min(1, "Choose at least one image to copy")
      .max(MAX_TRANSFER_IMAGES, `At most ${MAX_TRANSFER_IMAGES} images at once`),
    targets: z
      .array(imageLocationSchema)
      .min(1, "Choose at least one project and region to copy to")
      .max(MAX_TRANSFER_TARGETS, `At most ${MAX_TRANSFER_TARGETS} targets at once`),
    /** The copies' name; empty keeps the source's. Only for one image: several keep their own names. */
    name: z.string().trim().max(255, "A name has at most 255 characters").optional(),
    /** Delete each source once every copy of it is verified. */
    move: z.boolean().default(false),
    /** Invite the source's members to each copy (same cloud only); otherwise copies are private. */
    keepMembers: z.boolean().default(false),
  })
  .refine(
    (r) => new Set(r.images.map((i) => i.imageId)).size === r.images.length,
    "Each image is copied once",
  )
  .refine(
    (r) => new Set(r.targets.map(placeKey)).size === r.targets.length,
    "Each project and region is a target once",
  )
  .refine(
    (r) => r.images.length * r.targets.length <= MAX_TRANSFER_PAIRS,
    `At most ${MAX_TRANSFER_PAIRS} copies at once (images × targets)`,
  )
  .refine(
    (r) => !r.name || r.images.length === 1,
    "Several images keep their own names: a new name is for one image",
  )
  .refine(
    (r) => !r.targets.some((t) => r.images.some((i) => placeKey(i.source) === placeKey(t))),
    "A copy cannot go where its source already is",
  );
export type TransferRequest = z.infer<typeof transferRequestSchema>;

export const transferStatuses = [
  "queued",
  "running",
  "verified",
  "failed",
  "cancelled",
  "interrupted",
] as const;
export type TransferStatus = (typeof transferStatuses)[number];
export const isTransferActive = (status: TransferStatus) =>
  status === "queued" || status === "running";

/** What became of a half-made copy after a failure, a cancel or a restart. */
export const cleanupStates = ["none", "done", "needed", "failed"] as const;

export const transferPaths = ["relay", "glance-download"] as const;
export type TransferPath = (typeof transferPaths)[number];

/** One copy of one image into one project × region, as any page shows it. */
export const transferDtoSchema = z.object({
  id: z.string(),
  batch: z.string(),
  createdAt: z.string(),
  /** When the server last reported on it (its heartbeat while it runs). */
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
  user: z.object({ id: z.string(), name: z.string() }),
  source: z.object({
    projectId: z.string(),
    projectName: z.string(),
    region: z.string(),
    imageId: z.string(),
    imageName: z.string().nullable(),
  }),
  target: z.object({
    projectId: z.string(),
    projectName: z.string(),
    region: z.string(),
    imageId: z.string().nullable(),
    name: z.string(),
  }),
  /** How the bytes go: through this server (relay), or from Glance to Glance (glance-download). */
  path: z.enum(transferPaths),
  /** Why that path was taken for this pair. */
  pathNote: z.string().nullable(),
  move: z.boolean(),
  keepMembers: z.boolean(),
  status: z.enum(transferStatuses),
  bytes: z.number(),
  size: z.number().nullable(),
  /** The SHA-512 of the bytes that passed, once verified. */
  sha512: z.string().nullable(),
  error: z.string().nullable(),
  /** What else was done once verified (the members invited). */
  resultNote: z.string().nullable(),
  /** What it went through on its way (a source picked up again, an upload started over), as it happens. */
  recoveryNote: z.string().nullable(),
  /** A move deleted its source after every copy was verified. */
  sourceDeleted: z.boolean(),
  cleanup: z.enum(cleanupStates),
  cleanupError: z.string().nullable(),
});
export type TransferDto = z.infer<typeof transferDtoSchema>;

export const transfersDtoSchema = z.object({
  transfers: z.array(transferDtoSchema),
  limit: z.number(),
});
export type TransfersDto = z.infer<typeof transfersDtoSchema>;

export const transferIdSchema = z.uuid("A transfer id is a UUID");

/** A target project's image quotas in one region, as Glance reports them (empty: none enforced). */
export const targetUsageDtoSchema = z.object({
  usage: z.record(z.string(), z.object({ limit: z.number(), usage: z.number() })),
});
export type TargetUsageDto = z.infer<typeof targetUsageDtoSchema>;
