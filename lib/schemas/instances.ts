import { imageSourceDtoSchema, sourceFailureDtoSchema } from "@/lib/schemas/images";
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
