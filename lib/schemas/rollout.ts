import { z } from "@/lib/schemas/zod";

import { imageIdSchema, memberStatusValues } from "./images";
import { jobDtoBaseSchema, stepStateSchema, type StepState } from "./jobs";

export type { StepState };

/** Body of POST /api/rollout/runs: the two versions and the options; the server plans from what Glance says then. */
export const rolloutRunRequestSchema = z.object({
  connection: z.string().min(1, "Choose a connected project"),
  region: z.string().min(1, "Choose a region"),
  oldId: imageIdSchema,
  nextId: imageIdSchema,
  options: z.object({
    includePending: z.boolean(),
    hideOld: z.boolean(),
    removeOldMembers: z.boolean(),
  }),
});
export type RolloutRunRequest = z.infer<typeof rolloutRunRequestSchema>;

/** One member's way from the old version to the new one. */
export const memberRunSchema = z.object({
  invite: z.intersection(
    stepStateSchema,
    z.object({ status: z.enum(memberStatusValues).optional() }),
  ),
  remove: stepStateSchema.nullable(),
});
export type MemberRun = z.infer<typeof memberRunSchema>;

/** A rollout as the server runs it: the image steps and each member's, by member id. */
export const rolloutRunDtoSchema = jobDtoBaseSchema.extend({
  steps: z.object({
    share: stepStateSchema.nullable(),
    predecessor: stepStateSchema.nullable(),
    hide: stepStateSchema.nullable(),
  }),
  members: z.record(z.string(), memberRunSchema),
});
export type RolloutRunDto = z.infer<typeof rolloutRunDtoSchema>;
