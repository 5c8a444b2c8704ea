import { z } from "@/lib/schemas/zod";

/** Where one step of a job is (making an image shared, hiding one, removing a member...). */
export const stepStateSchema = z.union([
  z.object({ state: z.enum(["waiting", "running"]) }),
  z.object({ state: z.literal("done"), journalError: z.string().nullable() }),
  z.object({ state: z.literal("failed"), message: z.string() }),
]);
export type StepState = z.infer<typeof stepStateSchema>;

export const jobStatusValues = [
  "queued",
  "running",
  "done",
  "failed",
  "cancelled",
  "interrupted",
] as const;

/** What every job the server runs says of itself (share runs, rollouts); each kind adds its progress. */
export const jobDtoBaseSchema = z.object({
  id: z.string(),
  status: z.enum(jobStatusValues),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  user: z.object({ id: z.string(), name: z.string() }),
  project: z.object({ id: z.string(), name: z.string() }),
  error: z.string().nullable(),
});
export type JobDtoBase = z.infer<typeof jobDtoBaseSchema>;

export const isJobActive = (status: JobDtoBase["status"]) =>
  status === "queued" || status === "running";

/** A job's id in a route. */
export const jobIdSchema = z.uuid("A job id is a UUID");

/** A job in the list of running and recent ones: what it is and how far it got. */
export const jobSummaryDtoSchema = jobDtoBaseSchema.extend({
  kind: z.enum(["share", "rollout", "backup", "launch"]),
  title: z.string(),
  steps: z.object({ done: z.number(), failed: z.number(), total: z.number() }),
});
export type JobSummaryDto = z.infer<typeof jobSummaryDtoSchema>;

export const jobsDtoSchema = z.object({ jobs: z.array(jobSummaryDtoSchema) });
export type JobsDto = z.infer<typeof jobsDtoSchema>;
