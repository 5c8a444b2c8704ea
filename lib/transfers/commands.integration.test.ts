// The commands a transfer's review shows, run as shown against the real cloud: what a
// person pastes must do what the dashboard does.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";

import { afterEach, describe, expect, it } from "vitest";

import { getImage, uploadImageData } from "@/lib/openstack/glance";
import { cloudsYamlPath } from "@/scripts/seed/cloud-file";
import { glanceIn, imageJanitor, loginAs, projectId } from "@/scripts/testing/local-cloud";
import { openstackCli } from "@/scripts/testing/openstack-cli";

import { glanceDownloadCommands, shellWord } from "./commands";

const janitor = imageJanitor();
afterEach(() => janitor.cleanup());

/**
 * Runs the lines as one bash script as a person would: in a terminal (`script` gives it
 * one: `image create` without --file takes any other stdin as the image's data), with
 * clouds.yaml configured.
 */
async function runInTerminal(lines: string[]): Promise<string> {
  const script = ["set -euo pipefail", ...lines].join("\n");
  try {
    const { stdout } = await promisify(execFile)(
      "script",
      ["-qec", `bash -c ${shellWord(script)}`, "/dev/null"],
      {
        env: { ...process.env, OS_CLIENT_CONFIG_FILE: cloudsYamlPath() },
        timeout: 120_000,
      },
    );
    return stdout;
  } catch (err) {
    throw new Error(`the commands failed: ${(err as { stdout?: string }).stdout ?? String(err)}`);
  }
}

/** A shared image of alpha's in RegionOne, with data. */
async function alphaImage(name: string) {
  const target = glanceIn(await loginAs("alpha-member", "alpha"));
  const made = await janitor.create(target, {
    name,
    diskFormat: "qcow2",
    tags: ["golden"],
    properties: { hw_disk_bus: "scsi" },
  });
  await uploadImageData(target, made.id, randomBytes(2 ** 20 + 1));
  return { ...(await getImage(target, made.id)), region: "RegionOne" };
}

// Each line is a CLI start (about a second), and Glance copies in the background.
/**
 * Runs the commands, checks that they end printing the copy's status `active` and made
 * exactly one copy in the target, and returns its id (deleted after the test, even when
 * the commands failed).
 */
async function theCopyAfter(
  lines: string[],
  as: { user: string; project: string },
  sourceId: string,
): Promise<string> {
  const run = await runInTerminal(lines).then(
    (out) => ({ out }),
    (error: unknown) => ({ error }),
  );
  const made = await openstackCli<{ ID: string }[]>(
    as.project,
    ["image", "list", "--property", `glance_share_source_image=${sourceId}`],
    "RegionTwo",
  );
  const target = glanceIn(await loginAs(as.user, as.project), "RegionTwo");
  for (const m of made) janitor.track(target, m.ID);
  if ("error" in run) throw run.error;
  expect(run.out.trim().split(/\r?\n/).at(-1)).toBe("active");
  expect(made).toHaveLength(1);
  return made[0]!.ID;
}

describe("the glance-download commands of a transfer's review", () => {
  it("copy an image into the same project's other region: Glance imports it, and the copy has the source's hash", async () => {
    const source = await alphaImage(`commands-glance-download-${Date.now()}`);
    const lines = glanceDownloadCommands(
      source,
      { cloud: "alpha", region: "RegionOne" },
      { cloud: "alpha", region: "RegionTwo", projectId: projectId("alpha") },
    );
    const copy = await theCopyAfter(lines, { user: "alpha-member", project: "alpha" }, source.id);
    const shown = await openstackCli<{
      status: string;
      visibility: string;
      checksum: string;
      properties: Record<string, string>;
    }>("alpha", ["image", "show", copy], "RegionTwo");
    expect(shown).toMatchObject({
      status: "active",
      visibility: "private",
      checksum: source.checksum,
    });
    expect(shown.properties).toMatchObject({
      os_hash_value: source.hashValue,
      hw_disk_bus: "scsi",
    });
  });

  it("copy a shared image into another project: it is a member while Glance imports, and not after", async () => {
    const source = await alphaImage(`commands-glance-download-member-${Date.now()}`);
    const lines = glanceDownloadCommands(
      source,
      { cloud: "alpha", region: "RegionOne" },
      { cloud: "beta", region: "RegionTwo", projectId: projectId("beta") },
      { temporaryMember: true },
    );
    const copy = await theCopyAfter(lines, { user: "beta-member", project: "beta" }, source.id);
    expect(
      (
        await openstackCli<{ properties: Record<string, string> }>(
          "beta",
          ["image", "show", copy],
          "RegionTwo",
        )
      ).properties.os_hash_value,
    ).toBe(source.hashValue);
    expect(await openstackCli<unknown[]>("alpha", ["image", "member", "list", source.id])).toEqual(
      [],
    );
  });
});
