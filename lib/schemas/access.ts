import { z } from "@/lib/schemas/zod";

import { memberStatusValues, sourceFailureDtoSchema } from "./images";

/** One owned shared image × one member (or no member at all: `member` null). */
export const accessRowDtoSchema = z.object({
  imageId: z.string(),
  imageName: z.string().nullable(),
  /** Hidden from image lists (os_hidden): members keep it, but other tools do not show it. */
  imageHidden: z.boolean(),
  /** The image this one replaces, as its predecessor property says (a rolled-out new version). */
  predecessorId: z.string().nullable(),
  region: z.string(),
  ownerId: z.string(),
  ownerName: z.string(),
  connectionId: z.string(),
  memberId: z.string().nullable(),
  /** The member's project name when that project is connected here. */
  memberName: z.string().nullable(),
  status: z.enum(memberStatusValues).nullable(),
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
  /**
   * The member's servers booted from this image, by name, where the member is connected
   * here; null where that cannot be told.
   */
  memberServers: z.array(z.string()).nullable(),
});
export type AccessRowDto = z.infer<typeof accessRowDtoSchema>;

/**
 * The audit arrives as newline-delimited JSON, so the first rows show before the last
 * member lists are read: `images` announces how many images will be read, `rows` brings
 * one image's rows, `failure` a project × region that could not be read, `done` ends.
 */
export const accessEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("images"), count: z.number() }),
  z.object({ type: z.literal("rows"), rows: z.array(accessRowDtoSchema) }),
  z.object({ type: z.literal("failure"), failure: sourceFailureDtoSchema }),
  z.object({ type: z.literal("done"), ms: z.number() }),
]);
export type AccessEvent = z.infer<typeof accessEventSchema>;

/** An image another project owns that a connected project has accepted (the consumer's view). */
export const consumedRowDtoSchema = z.object({
  imageId: z.string(),
  imageName: z.string().nullable(),
  region: z.string(),
  consumerId: z.string(),
  consumerName: z.string(),
  connectionId: z.string(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  /** The consumer's servers booted from this image, by name; null where that cannot be told. */
  servers: z.array(z.string()).nullable(),
});
export type ConsumedRowDto = z.infer<typeof consumedRowDtoSchema>;

export const consumedDtoSchema = z.object({
  rows: z.array(consumedRowDtoSchema),
  failures: z.array(sourceFailureDtoSchema),
});
export type ConsumedDto = z.infer<typeof consumedDtoSchema>;
