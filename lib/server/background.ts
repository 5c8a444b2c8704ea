import "server-only";

import { registerJanitorTask, startJanitor } from "@/lib/server/core/jobs/janitor";
import { sweepTransfers } from "@/lib/server/transfers/janitor";

/** Starts this process's background work: its jobs' heartbeats, and the janitor with each feature's round. */
export function startBackgroundWork(): void {
  registerJanitorTask("transfers", sweepTransfers);
  startJanitor();
}
