// How far a job got, whatever its kind: pure, read from the progress it records.
import type { JobSummaryDto } from "@/lib/schemas/jobs";

/** Steps of a job's progress, whatever its kind: every object with a `state` is one. */
export function countSteps(progress: unknown): JobSummaryDto["steps"] {
  const steps = { done: 0, failed: 0, total: 0 };
  const visit = (value: unknown) => {
    if (value === null || typeof value !== "object") return;
    const { state } = value as { state?: unknown };
    if (typeof state === "string") {
      steps.total++;
      if (state === "failed") steps.failed++;
      else if (state !== "waiting" && state !== "running") steps.done++;
    }
    for (const child of Object.values(value)) visit(child);
  };
  visit(progress);
  return steps;
}
