import { z } from "zod";
import { imageLocationSchema, imageSummaryDtoSchema, memberStatusValues } from "./images";

/** Keystone project ids are 32 hex characters; Glance accepts any string, so we check. */
export const PROJECT_ID_PATTERN = /^[0-9a-f]{32}$/;

export const memberIdSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(PROJECT_ID_PATTERN, "A project id is 32 hexadecimal characters (as `openstack project show` prints it)");

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
});
export type MembersDto = z.infer<typeof membersDtoSchema>;

export const addMemberSchema = imageLocationSchema.extend({ memberId: memberIdSchema });
export type AddMemberInput = z.infer<typeof addMemberSchema>;

/** `added`: a new invitation; `existing`: the project was a member already (its status kept). */
export const addMemberResultDtoSchema = z.object({
  outcome: z.enum(["added", "existing"]),
  member: memberDtoSchema,
  /** Set when the change was made but its journal entry could not be written. */
  journalError: z.string().nullable(),
});

export const removeMemberResultDtoSchema = z.object({ ok: z.literal(true), journalError: z.string().nullable() });
export type RemoveMemberResultDto = z.infer<typeof removeMemberResultDtoSchema>;
export type AddMemberResultDto = z.infer<typeof addMemberResultDtoSchema>;

/** An image shared with a connected project, from that project's side. */
export const invitationDtoSchema = z.object({
  image: imageSummaryDtoSchema,
  status: z.enum(memberStatusValues),
  /** When the owner invited this project (the membership's creation). */
  since: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type InvitationDto = z.infer<typeof invitationDtoSchema>;

export const invitationsDtoSchema = z.object({
  invitations: z.array(invitationDtoSchema),
  failures: z.array(
    z.object({ connectionId: z.string(), projectName: z.string(), region: z.string().nullable(), code: z.string(), message: z.string() }),
  ),
});
export type InvitationsDto = z.infer<typeof invitationsDtoSchema>;

export const invitationsQuerySchema = z.object({ status: z.enum(memberStatusValues).default("pending") });

export const invitationRefSchema = imageLocationSchema.extend({ imageId: z.string().min(1) });
export type InvitationRef = z.infer<typeof invitationRefSchema>;

export const setInvitationStatusSchema = z.object({
  status: z.enum(memberStatusValues),
  items: z.array(invitationRefSchema).min(1, "Choose at least one image").max(200),
});
export type SetInvitationStatusInput = z.infer<typeof setInvitationStatusSchema>;

export const invitationResultDtoSchema = z.object({
  ref: invitationRefSchema,
  ok: z.boolean(),
  status: z.enum(memberStatusValues).nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  journalError: z.string().nullable(),
});
export const invitationResultsDtoSchema = z.object({ results: z.array(invitationResultDtoSchema) });
export type InvitationResultDto = z.infer<typeof invitationResultDtoSchema>;
