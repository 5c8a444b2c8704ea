// The local cloud's Glance processes, as tests stop and resume them (no lib/ import: e2e uses it too).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { cloudDir, readCloudFile } from "../seed/cloud-file";

/**
 * Stops a region's Glance (its API process and workers) as a hung server would be: its
 * socket still accepts connections, nothing answers. Returns the function that lets it
 * go on; call it in a `finally`.
 */
export function freezeGlance(region: string): () => void {
  const index = readCloudFile().regions.findIndex((r) => r.id === region);
  const parent = Number(readFileSync(path.join(cloudDir(), `glance-${index}.pid`), "utf8").trim());
  const workers = execFileSync("pgrep", ["-P", String(parent)], { encoding: "utf8" }).split("\n").filter(Boolean).map(Number);
  const pids = [parent, ...workers];
  for (const pid of pids) process.kill(pid, "SIGSTOP");
  return () => {
    for (const pid of pids) process.kill(pid, "SIGCONT");
  };
}
