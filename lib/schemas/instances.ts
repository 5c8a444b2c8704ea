import { imageSourceDtoSchema, sourceFailureDtoSchema } from "@/lib/schemas/images";
import { jobDtoBaseSchema } from "@/lib/schemas/jobs";
import { z } from "@/lib/schemas/zod";

/** Query of GET /api/instances: `connection` and `region` may be `all`. */
export const instancesQuerySchema = z.object({
  connection: z.string().min(1).default("all"),
  region: z.string().min(1).default("all"),
});
export type InstancesQuery = z.infer<typeof instancesQuerySchema>;

/**
 * Whose image a server was booted from, as its project sees it: its own; another project's
 * (shared with it: the owner can take it away); the cloud's (public or community); or one
 * it cannot read any more (deleted, or its access was removed).
 */
export const imageDependencyValues = ["own", "shared", "public", "gone"] as const;
export type ImageDependency = (typeof imageDependencyValues)[number];

export const instanceImageDtoSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  owner: z.string().nullable(),
  /** The owner's project name when that project is connected here. */
  ownerName: z.string().nullable(),
  dependency: z.enum(imageDependencyValues),
});
export type InstanceImageDto = z.infer<typeof instanceImageDtoSchema>;

/** One server as the instances page shows it. */
export const instanceDtoSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  taskState: z.string().nullable(),
  fault: z.string().nullable(),
  createdAt: z.string(),
  flavor: z.object({
    name: z.string(),
    vcpus: z.number(),
    ramMiB: z.number(),
    diskGiB: z.number(),
  }),
  keyName: z.string().nullable(),
  /** Null when the server boots from a volume (no image of its own). */
  image: instanceImageDtoSchema.nullable(),
  source: imageSourceDtoSchema,
});
export type InstanceDto = z.infer<typeof instanceDtoSchema>;

export const instancesDtoSchema = z.object({
  instances: z.array(instanceDtoSchema),
  failures: z.array(sourceFailureDtoSchema),
});
export type InstancesDto = z.infer<typeof instancesDtoSchema>;

/** A server that runs on an image, as the image's warnings name it. */
export const imageServerDtoSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
});
export type ImageServerDto = z.infer<typeof imageServerDtoSchema>;

/**
 * One project that may run servers on an image (its owner, or a member), and what could be
 * learned: the servers of a connected project; for one not connected here, nothing (never
 * "none": the dashboard cannot see its servers).
 */
export const imageUserDtoSchema = z.object({
  projectId: z.string(),
  /** Its name when it is connected here. */
  projectName: z.string().nullable(),
  isOwner: z.boolean(),
  connected: z.boolean(),
  /** Null when not connected, or when its servers could not be listed (then `error`). */
  servers: z.array(imageServerDtoSchema).nullable(),
  error: z.string().nullable(),
});
export type ImageUserDto = z.infer<typeof imageUserDtoSchema>;

export const imageServersDtoSchema = z.object({
  region: z.string(),
  projects: z.array(imageUserDtoSchema),
});
export type ImageServersDto = z.infer<typeof imageServersDtoSchema>;

/** POST /api/instances/backups: back up (or snapshot) one server, as a job. */
export const backupRequestSchema = z.object({
  connection: z.string().min(1, "Choose a connected project"),
  region: z.string().min(1, "Choose a region"),
  serverId: z.uuid("A server id is a UUID"),
  /** A snapshot (createImage) is kept until deleted; a backup (createBackup) is rotated by Nova. */
  kind: z.enum(["snapshot", "backup"]),
  name: z.string().trim().min(1, "Name the image").max(255, "At most 255 characters"),
  backupType: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,32}$/, "A backup type is a word: daily, weekly…")
    .default("daily"),
  rotation: z.number().int().min(1, "Keep at least 1").max(100, "At most 100").default(7),
  /** The person has read which backups the rotation deletes, shared or being copied. */
  confirmRotation: z.boolean().default(false),
});
export type BackupRequest = z.infer<typeof backupRequestSchema>;

/** Waiting its turn, Nova making the image (running), the image active (done), or failed. */
export const backupStateValues = ["waiting", "running", "done", "failed"] as const;

/** A backup job as its page follows it: what was asked, and the image as Glance has it. */
export const backupDtoSchema = jobDtoBaseSchema.extend({
  request: backupRequestSchema.omit({ confirmRotation: true }).extend({
    serverName: z.string(),
  }),
  state: z.enum(backupStateValues),
  imageId: z.string().nullable(),
  imageStatus: z.string().nullable(),
  size: z.number().nullable(),
  /** The backups the rotation was expected to delete. */
  rotates: z.array(z.object({ id: z.string(), name: z.string().nullable() })),
});
export type BackupDto = z.infer<typeof backupDtoSchema>;

/** POST /api/instances/launches: boot a server from an image, as a job. */
export const launchRequestSchema = z.object({
  connection: z.string().min(1, "Choose a connected project"),
  region: z.string().min(1, "Choose a region"),
  imageId: z.uuid("An image id is a UUID"),
  flavorId: z.string().min(1, "Choose a flavor").max(255),
  name: z.string().trim().min(1, "Name the server").max(255, "At most 255 characters"),
  keyName: z.string().max(255).optional(),
});
export type LaunchRequest = z.infer<typeof launchRequestSchema>;

/** A launch as its page follows it: what was asked, and the server as Nova has it. */
export const launchDtoSchema = jobDtoBaseSchema.extend({
  request: launchRequestSchema.extend({ imageName: z.string().nullable(), flavorName: z.string() }),
  state: z.enum(backupStateValues),
  serverId: z.string().nullable(),
  serverStatus: z.string().nullable(),
  fault: z.string().nullable(),
});
export type LaunchDto = z.infer<typeof launchDtoSchema>;

/** A flavor as the launch form offers it: whether it fits the image, and why not. */
export const flavorChoiceDtoSchema = z.object({
  id: z.string(),
  name: z.string(),
  vcpus: z.number(),
  ramMiB: z.number(),
  diskGiB: z.number(),
  /** Null when it fits; else why Nova would refuse it for this image. */
  tooSmall: z.enum(["disk", "memory"]).nullable(),
});
export const flavorChoicesDtoSchema = z.object({
  flavors: z.array(flavorChoiceDtoSchema),
  /** The flavor the server the image was made from had (a backup records it), if known. */
  recorded: z.string().nullable(),
  keypairs: z.array(z.string()),
});
export type FlavorChoicesDto = z.infer<typeof flavorChoicesDtoSchema>;
