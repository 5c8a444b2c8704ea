// The outsider's view of the local cloud: the `openstack` CLI as one of the
// clouds.yaml entries (alpha, beta, gamma, partner, alpha-reader, multi-alpha,
// multi-beta, beta-appcred, admin). Imports nothing of the app.
//
// Each command runs in a process of its own, forked from one that has imported the CLI
// already (openstack-cli-zygote.py): the CLI's own main(), authentication and output, without
// Python's start and imports, which took 1.0-1.4 s of each call's 1.2-1.6 s here (a forked
// call: 0.2 s). Tests check many states this way. The benchmarks time the CLI as a person
// starts it instead (scripts/bench/cli.ts).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import { cloudsYamlPath } from "../seed/cloud-file";

const ZYGOTE = path.join(__dirname, "openstack-cli-zygote.py");
const TIMEOUT_MS = 60_000;

let started: Promise<string> | undefined;

/** Starts the warm CLI once per process; resolves with its socket's path. It exits with this process. */
function zygote(): Promise<string> {
  started ??= new Promise<string>((resolve, reject) => {
    const socket = path.join(mkdtempSync(path.join(tmpdir(), "openstack-cli-")), "cli.sock");
    // Debian's interpreter: the CLI's modules are Debian's.
    const child: ChildProcess = spawn("/usr/bin/python3", [ZYGOTE, socket], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the warm openstack CLI exited (${code})`)));
    child.stdout!.once("data", () => {
      // Its stdin stays open while this process lives; neither pipe keeps this process up.
      (child.stdin as Socket).unref();
      (child.stdout as Socket).unref();
      child.unref();
      resolve(socket);
    });
  });
  return started;
}

/** Runs `openstack <args>` as the CLI would from a shell with an empty stdin; resolves with its stdout. */
async function run(args: string[]): Promise<string> {
  const socketPath = await zygote();
  const env = { ...process.env, OS_CLIENT_CONFIG_FILE: cloudsYamlPath() } as Record<string, string>;
  const answer = await new Promise<string>((resolve, reject) => {
    const conn = connect(socketPath);
    let data = "";
    conn.setEncoding("utf8");
    conn.setTimeout(TIMEOUT_MS, () =>
      conn.destroy(new Error(`openstack ${args.join(" ")}: no answer in ${TIMEOUT_MS / 1000} s`)),
    );
    conn.on("data", (part) => (data += part));
    conn.once("error", reject);
    conn.once("end", () => resolve(data));
    conn.end(`${JSON.stringify({ args, env })}\n`);
  });
  if (!answer)
    throw new Error(`openstack ${args.join(" ")}: the CLI's process ended without an answer`);
  const { code, stdout, stderr } = JSON.parse(answer) as {
    code: number;
    stdout: string;
    stderr: string;
  };
  if (code !== 0)
    throw new Error(`openstack ${args.join(" ")} failed (exit ${code}): ${stderr.trim()}`);
  return stdout;
}

/** Runs an `openstack` command and parses its JSON output. */
export async function openstackCli<T = unknown>(
  as: string,
  args: string[],
  region = "RegionOne",
): Promise<T> {
  const stdout = await run(["--os-cloud", as, "--os-region-name", region, ...args, "-f", "json"]);
  return JSON.parse(stdout) as T;
}

/** Runs an `openstack` command that prints nothing (role add/remove, token revoke, ...). */
export async function openstackCliQuiet(as: string, args: string[]): Promise<void> {
  await run(["--os-cloud", as, ...args]);
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
