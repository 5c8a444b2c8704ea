import "server-only";

import { registerJanitorTask, startJanitor } from "@/lib/server/core/jobs/janitor";
import { registerResumer, sweepJobs } from "@/lib/server/core/jobs/store";
import { getEnv } from "@/lib/server/env";
import { resumeRolloutRun } from "@/lib/server/rollout/service";
import { resumeShareRun } from "@/lib/server/share/service";
import { sweepTransfers } from "@/lib/server/transfers/janitor";

/**
 * Starts this process's background work: its jobs' heartbeats, and the janitor with each
 * feature's round and the kinds of job it resumes when their server died.
 */
export function startBackgroundWork(): void {
  registerResumer("share", resumeShareRun);
  registerResumer("rollout", resumeRolloutRun);
  registerJanitorTask("transfers", sweepTransfers);
  registerJanitorTask("jobs", (db) => sweepJobs(db, getEnv().jobs.retentionDays));
  startJanitor();
}
