import { z } from "@/lib/schemas/zod";

import {
  imageIdSchema,
  imageLocationSchema,
  imageSummaryDtoSchema,
  memberStatusValues,
  sourceFailureDtoSchema,
} from "./images";
import { itemErrorSchema } from "./members";

/** The earlier version of an image, which the invited project uses (it accepted it). */
export const replacedImageDtoSchema = z.object({
  imageId: z.string(),
  imageName: z.string().nullable(),
  createdAt: z.string(),
  acceptedAt: z.string(),
});
export type ReplacedImageDto = z.infer<typeof replacedImageDtoSchema>;

/** An image shared with a connected project, from that project's side. */
export const invitationDtoSchema = z.object({
  image: imageSummaryDtoSchema,
  status: z.enum(memberStatusValues),
  /** When the owner invited this project (the membership's creation). */
  since: z.string().nullable(),
  updatedAt: z.string().nullable(),
  /** A new version of an image this project accepted: that one. */
  replaces: replacedImageDtoSchema.nullable(),
});
export type InvitationDto = z.infer<typeof invitationDtoSchema>;

export const invitationsDtoSchema = z.object({
  invitations: z.array(invitationDtoSchema),
  failures: z.array(sourceFailureDtoSchema),
});
export type InvitationsDto = z.infer<typeof invitationsDtoSchema>;

export const invitationsQuerySchema = z.object({
  status: z.enum(memberStatusValues).default("pending"),
});

export const invitationRefSchema = imageLocationSchema.extend({ imageId: imageIdSchema });
export type InvitationRef = z.infer<typeof invitationRefSchema>;

/** Body of PATCH /api/invitations: accept, reject or reset many at once. */
export const setInvitationStatusSchema = z.object({
  status: z.enum(memberStatusValues),
  items: z.array(invitationRefSchema).min(1, "Choose at least one image").max(200),
});
export type SetInvitationStatusInput = z.infer<typeof setInvitationStatusSchema>;

export const invitationResultDtoSchema = z.object({
  ref: invitationRefSchema,
  ok: z.boolean(),
  status: z.enum(memberStatusValues).nullable(),
  error: itemErrorSchema.nullable(),
  journalError: z.string().nullable(),
});
export const invitationResultsDtoSchema = z.object({ results: z.array(invitationResultDtoSchema) });
export type InvitationResultDto = z.infer<typeof invitationResultDtoSchema>;
