import "server-only";

import { registerJanitorTask, startJanitor } from "@/lib/server/core/jobs/janitor";
import { sweepJobs } from "@/lib/server/core/jobs/store";
import { getEnv } from "@/lib/server/env";
import { sweepTransfers } from "@/lib/server/transfers/janitor";

/** Starts this process's background work: its jobs' heartbeats, and the janitor with each feature's round. */
export function startBackgroundWork(): void {
  registerJanitorTask("transfers", sweepTransfers);
  registerJanitorTask("jobs", (db) => sweepJobs(db, getEnv().jobs.retentionDays));
  startJanitor();
}
