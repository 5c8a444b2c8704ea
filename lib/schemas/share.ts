import { z } from "@/lib/schemas/zod";

import { imageIdSchema, memberStatusValues } from "./images";
import { jobDtoBaseSchema, stepStateSchema, type StepState } from "./jobs";
import { memberIdSchema } from "./members";

/** One invitation of a share run: an image of the connected project, in a region, and a project to invite. */
export const sharePairSchema = z.object({
  region: z.string().min(1, "Choose a region"),
  imageId: imageIdSchema,
  memberId: memberIdSchema,
});

/** Body of POST /api/share/runs: the wizard's whole run; the server makes private images shared first. */
export const shareRunRequestSchema = z.object({
  connection: z.string().min(1, "Choose a connected project"),
  pairs: z
    .array(sharePairSchema)
    .min(1, "Choose at least one project to invite")
    .max(500, "At most 500 invitations at once"),
});
export type ShareRunRequest = z.infer<typeof shareRunRequestSchema>;

/** Where one invitation is. */
export const pairStateSchema = z.union([
  z.object({ state: z.enum(["waiting", "running"]) }),
  z.object({
    state: z.enum(["added", "existing"]),
    status: z.enum(memberStatusValues),
    journalError: z.string().nullable(),
  }),
  z.object({ state: z.literal("failed"), code: z.string(), message: z.string() }),
]);
export type PairState = z.infer<typeof pairStateSchema>;

/** Where making one private image shared is. */
export const visibilityStateSchema = stepStateSchema;
export type VisibilityState = StepState;

/** A share run as the server runs it: each image's and each invitation's state, keyed `region|image[|member]`. */
export const shareRunDtoSchema = jobDtoBaseSchema.extend({
  visibility: z.record(z.string(), visibilityStateSchema),
  pairs: z.record(z.string(), pairStateSchema),
});
export type ShareRunDto = z.infer<typeof shareRunDtoSchema>;
