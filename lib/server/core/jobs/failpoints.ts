import "server-only";

import { getEnv } from "@/lib/server/env";

/** A failure put in on purpose, as a database or network error would come. */
export class FailpointError extends Error {
  override readonly name = "FailpointError";
}

/**
 * Fails here when the fault tests ask for it (GLANCE_SHARE_FAILPOINTS names the point):
 * the step boundaries a real outage cannot be timed to hit. Off unless set.
 */
export function failpoint(name: string): void {
  if (getEnv().jobs.failpoints.includes(name))
    throw new FailpointError(`Connection terminated unexpectedly (failpoint ${name})`);
}
