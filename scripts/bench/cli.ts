// The `openstack` CLI as a person runs it, one command a process started from nothing: what
// the benchmarks compare the dashboard with. (The tests run it warm: scripts/testing/openstack-cli.ts.)
import { execFile } from "node:child_process";
import { promisify } from "node:util";

import { cloudsYamlPath } from "../seed/cloud-file";

const execFileAsync = promisify(execFile);

/** Runs `openstack --os-cloud <as> <args>`; rejects when it fails. */
export async function coldOpenstack(as: string, args: string[]): Promise<void> {
  const call = execFileAsync("openstack", ["--os-cloud", as, ...args], {
    env: { ...process.env, OS_CLIENT_CONFIG_FILE: cloudsYamlPath() },
    timeout: 60_000,
  });
  // The CLI reads image data from a stdin that is not a terminal: give it an empty one.
  call.child.stdin?.end();
  await call;
}
