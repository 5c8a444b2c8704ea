// The `openstack` CLI as a person runs it, one command a process started from nothing: what
// the benchmarks compare the dashboard with. (The tests run it warm: scripts/testing/openstack-cli.ts.)
import { execFile } from "node:child_process";
import { promisify } from "node:util";

import { cloudsYamlPath } from "../seed/cloud-file";

const execFileAsync = promisify(execFile);

/** Runs `openstack --os-cloud <as> <args>` (an entry of the local cloud's clouds.yaml, or of `config`); rejects when it fails. */
export async function coldOpenstack(
  as: string,
  args: string[],
  config = cloudsYamlPath(),
): Promise<void> {
  const call = execFileAsync("openstack", ["--os-cloud", as, ...args], {
    env: { ...process.env, OS_CLIENT_CONFIG_FILE: config },
    timeout: 60_000,
  });
  // The CLI reads image data from a stdin that is not a terminal: give it an empty one.
  call.child.stdin?.end();
  await call;
}
