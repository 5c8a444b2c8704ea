import { z } from "@/lib/schemas/zod";

import { imageIdSchema, imageLocationSchema, memberStatusValues } from "./images";

/** Keystone project ids are 32 hex characters; Glance accepts any string, so we check. */
export const PROJECT_ID_PATTERN = /^[0-9a-f]{32}$/;

export const memberIdSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    PROJECT_ID_PATTERN,
    "A project id is 32 hexadecimal characters (as `openstack project show` prints it)",
  );

/**
 * A member as Glance holds it, to name one already there (Glance accepts any string, so
 * an owner must be able to remove a malformed one): anything but a path trick.
 */
export const existingMemberIdSchema = z
  .string()
  .min(1, "A member id is required")
  .max(255, "A member id is at most 255 characters")
  .refine(
    (id) => id !== "." && id !== ".." && !/[/\\?#%\u0000-\u001f\u007f]/.test(id),
    "That is not a member id Glance could hold",
  );

export const memberDtoSchema = z.object({
  memberId: z.string(),
  /** The member project's name when it is connected here. */
  memberName: z.string().nullable(),
  status: z.enum(memberStatusValues),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MemberDto = z.infer<typeof memberDtoSchema>;

export const membersDtoSchema = z.object({
  /** Private: Glance keeps the members but hides them, and they have no access. */
  hidden: z.boolean(),
  members: z.array(memberDtoSchema),
  /** Members per image this cloud's Glance allows (pending and rejected count); null when unlimited. */
  quota: z.number().int().nonnegative().nullable(),
});
export type MembersDto = z.infer<typeof membersDtoSchema>;

/** Why one item of a batch failed: a stable code and a sentence. */
export const itemErrorSchema = z.object({ code: z.string(), message: z.string() });

/** One invitation to make: an owned image (seen from its owner project) and the project to invite. */
export const memberAddRefSchema = imageLocationSchema.extend({
  imageId: imageIdSchema,
  memberId: memberIdSchema,
});
export type MemberAddRef = z.infer<typeof memberAddRefSchema>;

/** Body of POST /api/members: every image × project of a share, or the member table's picks. */
export const addMembersSchema = z.object({
  items: z
    .array(memberAddRefSchema)
    .min(1, "Choose at least one project to invite")
    .max(500, "At most 500 invitations at once"),
});
export type AddMembersInput = z.infer<typeof addMembersSchema>;

/**
 * The result of one invitation. `added`: a new invitation; `existing`: the project was a
 * member already (its status kept, nothing journaled); otherwise `error` says why not.
 */
export const memberAddResultDtoSchema = z.object({
  ref: memberAddRefSchema,
  ok: z.boolean(),
  outcome: z.enum(["added", "existing"]).nullable(),
  member: memberDtoSchema.nullable(),
  error: itemErrorSchema.nullable(),
  /** Set when the change was made but its journal entry could not be written. */
  journalError: z.string().nullable(),
});
export type MemberAddResultDto = z.infer<typeof memberAddResultDtoSchema>;

/** One line of the streamed answer of POST /api/members: the result of items[index]. */
export const memberAddEventSchema = z.object({
  index: z.number().int().nonnegative(),
  result: memberAddResultDtoSchema,
});
export type MemberAddEvent = z.infer<typeof memberAddEventSchema>;

export const removeMemberResultDtoSchema = z.object({
  ok: z.literal(true),
  journalError: z.string().nullable(),
});
export type RemoveMemberResultDto = z.infer<typeof removeMemberResultDtoSchema>;
