import "server-only";

import { readFileSync } from "node:fs";

import { getEnv } from "@/lib/server/env";

/** A failure put in on purpose, as a lost database connection comes. */
export class FailpointError extends Error {
  override readonly name = "FailpointError";
}

/** The points the fault tests' file names now, one per line: `fail <point>` or `stop <point>`. */
export function parseFailpoints(text: string): Map<string, "fail" | "stop"> {
  const points = new Map<string, "fail" | "stop">();
  for (const line of text.split("\n")) {
    const [mode, point] = line.trim().split(/\s+/);
    if ((mode === "fail" || mode === "stop") && point) points.set(point, mode);
  }
  return points;
}

/**
 * The step boundaries a real outage cannot be timed to hit, for the fault tests: when the
 * file GLANCE_SHARE_FAILPOINTS_FILE names this point, the job fails here as if the database
 * connection dropped (`fail`), or stops here for good (`stop`: a test then kills the process
 * in that phase). Off unless the setting is there; read on each pass, so a test changes it live.
 */
export async function failpoint(name: string): Promise<void> {
  const file = getEnv().jobs.failpointsFile;
  if (!file) return;
  let text = "";
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return;
  }
  const mode = parseFailpoints(text).get(name);
  if (mode === "fail")
    throw new FailpointError(`Connection terminated unexpectedly (failpoint ${name})`);
  if (mode === "stop") await new Promise<never>(() => undefined);
}
