// The outsider's view of the local cloud: the `openstack` CLI as one of the
// clouds.yaml entries (alpha, beta, gamma, partner, alpha-reader, multi-alpha,
// multi-beta, beta-appcred, admin). Imports nothing of the app.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

import { cloudsYamlPath } from "../seed/cloud-file";

const execFileAsync = promisify(execFile);

// The CLI reads image data from stdin when stdin is not a terminal (`image create`):
// give it an empty, closed stdin so it never waits.
function run(file: string, args: string[], options: { env: NodeJS.ProcessEnv; timeout: number }) {
  const call = execFileAsync(file, args, options);
  call.child.stdin?.end();
  return call;
}

/** Runs an `openstack` command and parses its JSON output. */
export async function openstackCli<T = unknown>(
  as: string,
  args: string[],
  region = "RegionOne",
): Promise<T> {
  const { stdout } = await run(
    "openstack",
    ["--os-cloud", as, "--os-region-name", region, ...args, "-f", "json"],
    {
      env: { ...process.env, OS_CLIENT_CONFIG_FILE: cloudsYamlPath() },
      timeout: 60_000,
    },
  );
  return JSON.parse(stdout) as T;
}

/** Runs an `openstack` command that prints nothing (role add/remove, token revoke, ...). */
export async function openstackCliQuiet(as: string, args: string[]): Promise<void> {
  await run("openstack", ["--os-cloud", as, ...args], {
    env: { ...process.env, OS_CLIENT_CONFIG_FILE: cloudsYamlPath() },
    timeout: 60_000,
  });
}

/** `openstack image show` of an image, the fields tests read. */
export type CliImage = {
  id: string;
  name: string;
  status: string;
  visibility: string;
  size: number;
  checksum: string;
  disk_format: string;
  container_format: string;
  tags: string[];
  properties: Record<string, string>;
};

/**
 * What `openstack image show` of a faithful copy of the tests' usual qcow2 image (tag
 * `golden`, `hw_disk_bus=scsi`) made from RegionOne holds: the source's data, hashes,
 * formats, tags and properties. A subset, for `toMatchObject`.
 */
export const faithfulCopyOf = (source: CliImage) => ({
  status: "active",
  size: source.size,
  checksum: source.checksum,
  disk_format: "qcow2",
  container_format: "bare",
  tags: ["golden"],
  properties: {
    os_hash_value: source.properties.os_hash_value,
    hw_disk_bus: "scsi",
    glance_share_source_region: "RegionOne",
  },
});

/** The owner's `openstack image member list`, as {project id: status}; a failed CLI call fails the test. */
export async function cliMembers(
  owner: string,
  imageId: string,
  region = "RegionOne",
): Promise<Record<string, string>> {
  const rows = await openstackCli<{ "Member ID": string; Status: string }[]>(
    owner,
    ["image", "member", "list", imageId],
    region,
  );
  return Object.fromEntries(rows.map((r) => [r["Member ID"], r.Status]));
}
