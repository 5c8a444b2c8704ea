import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { cloudDir, readCloudFile } from "../../scripts/seed/cloud-file";

export { openstackCli, openstackCliQuiet } from "../../scripts/testing/openstack-cli";

/** The seeded ids and logins of the local cloud (scripts/local-cloud up). */
export const cloud = readCloudFile();
export const DEMO_PASSWORD = cloud.users["alpha-member"]!.password;
export const projectId = (name: string) => cloud.projects[name]!.id;

/**
 * Stops a region's Glance (its API process and workers) as a hung server would be: its
 * socket still accepts connections, nothing answers. Returns the function that lets it
 * go on; call it in a `finally`.
 */
export function freezeGlance(region: string): () => void {
  const index = cloud.regions.findIndex((r) => r.id === region);
  const parent = Number(readFileSync(path.join(cloudDir(), `glance-${index}.pid`), "utf8").trim());
  const workers = execFileSync("pgrep", ["-P", String(parent)], { encoding: "utf8" }).split("\n").filter(Boolean).map(Number);
  const pids = [parent, ...workers];
  for (const pid of pids) process.kill(pid, "SIGSTOP");
  return () => {
    for (const pid of pids) process.kill(pid, "SIGCONT");
  };
}
