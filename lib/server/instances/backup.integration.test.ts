// Backups and snapshots of servers as jobs, on the real cloud, checked with the CLI.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  addMember,
  getImage,
  setImageVisibility,
  updateMemberStatus,
  uploadImageData,
} from "@/lib/openstack/glance";
import { createServer, deleteServer, getServer } from "@/lib/openstack/nova";
import { backupRequestSchema, launchRequestSchema, type BackupDto } from "@/lib/schemas/instances";
import type { ProjectContext } from "@/lib/server/core/context";
import { journalDb } from "@/lib/server/core/journal";
import { seededLogins, TEST_SECRET } from "@/lib/server/testing/browser";
import { untilEnded } from "@/lib/server/testing/jobs";
import { written } from "@/lib/server/testing/written";
import { glanceIn, imageJanitor, novaIn, projectId } from "@/scripts/testing/local-cloud";
import { openstackCli, openstackCliQuiet } from "@/scripts/testing/openstack-cli";

import { readBackup as readBackupDto, startBackup } from "./backup";
import { readLaunch as readLaunchDto, startLaunch } from "./launch";

/** A launch as a browser in English reads it. */
const readLaunch = async (...args: Parameters<typeof readLaunchDto>) =>
  written(await readLaunchDto(...args));
/** A backup as a browser in English reads it. */
const readBackup = async (...args: Parameters<typeof readBackupDto>) =>
  written(await readBackupDto(...args));

process.env.GLANCE_SHARE_DATA_DIR = mkdtempSync(path.join(tmpdir(), "glance-share-backups-"));
process.env.SESSION_SECRET = TEST_SECRET;
process.env.GLANCE_SHARE_PRESETS = "local";

const logins = seededLogins({
  alpha: ["alpha-member", "alpha"],
  "alpha-reader": ["alpha-reader", "alpha"],
  gamma: ["gamma-member", "gamma"],
});
const janitor = imageJanitor();
const servers: string[] = [];
let serverId = "";

beforeAll(async () => {
  await logins.login();
  // A server of alpha's own, on an image with data, so that its backups have bytes.
  const glance = glanceIn(logins.tokens.alpha!);
  const image = await janitor.create(glance, {
    name: `backup-it-${Date.now()}`,
    diskFormat: "qcow2",
  });
  await uploadImageData(glance, image.id, randomBytes(32 * 1024));
  const nova = novaIn(logins.tokens.alpha!);
  serverId = await createServer(nova, {
    name: `backup-it-${Date.now()}`,
    imageId: image.id,
    flavorId: "m1.tiny",
    metadata: { role: "test" },
  });
  servers.push(serverId);
  for (
    let s = await getServer(nova, serverId);
    s.status === "BUILD";
    s = await getServer(nova, serverId)
  )
    await new Promise((r) => setTimeout(r, 300));
});
afterAll(async () => {
  const nova = novaIn(logins.tokens.alpha!);
  await Promise.allSettled(servers.map((id) => deleteServer(nova, id)));
  await janitor.cleanup();
});

const ask = (over: Record<string, unknown>) =>
  backupRequestSchema.parse({
    connection: "alpha",
    region: "RegionOne",
    serverId,
    kind: "backup",
    name: `backup-it-${Date.now()}`,
    ...over,
  });

async function finished(projects: ProjectContext, job: BackupDto): Promise<BackupDto> {
  const done = await untilEnded(() => readBackup(projects, job.id));
  if (done.imageId) janitor.track(glanceIn(logins.tokens.alpha!), done.imageId);
  return done;
}

describe("backing up a server", () => {
  it("makes an active snapshot that records what the server was, journaled, as the CLI shows", async () => {
    const browser = await logins.browserWith("alpha");
    const job = await finished(browser, await startBackup(browser, ask({ kind: "snapshot" })));
    expect(job).toMatchObject({ status: "done", state: "done", imageStatus: "active" });
    const cli = await openstackCli<{ status: string; properties: Record<string, string> }>(
      "alpha",
      ["image", "show", job.imageId!],
    );
    expect(cli.status).toBe("active");
    expect(cli.properties).toMatchObject({
      image_type: "snapshot",
      instance_uuid: serverId,
      glance_share_server_flavor: "m1.tiny",
      glance_share_server_metadata: '{"role":"test"}',
    });
    const entries = await (
      await journalDb()
    )
      .selectFrom("journal_entries")
      .selectAll()
      .where("image_id", "=", job.imageId!)
      .execute();
    expect(entries.map((e) => e.action)).toEqual(["server_snapshot"]);
  });

  it("refuses a rotation that would delete a backup another project uses, until confirmed; then Nova deletes it", async () => {
    const browser = await logins.browserWith("alpha");
    const first = await finished(browser, await startBackup(browser, ask({ rotation: 1 })));
    expect(first.status).toBe("done");
    // Gamma uses the first backup.
    const glance = glanceIn(logins.tokens.alpha!);
    await setImageVisibility(glance, first.imageId!, "shared");
    await addMember(glance, first.imageId!, projectId("gamma"));
    await updateMemberStatus(
      glanceIn(logins.tokens.gamma!),
      first.imageId!,
      projectId("gamma"),
      "accepted",
    );

    await expect(startBackup(browser, ask({ rotation: 1 }))).rejects.toThrow(
      /Nova's rotation keeps 1 daily backup of .* and deletes the older ones .*accepted by 1 project.*Confirm to go ahead/,
    );
    const second = await finished(
      browser,
      await startBackup(browser, ask({ rotation: 1, confirmRotation: true })),
    );
    expect(second).toMatchObject({ status: "done", rotates: [{ id: first.imageId }] });
    // Nova rotates once the new backup is active.
    for (let i = 0; i < 60; i++) {
      const gone = await getImage(glance, first.imageId!).then(
        () => false,
        () => true,
      );
      if (gone) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await expect(openstackCli("alpha", ["image", "show", first.imageId!])).rejects.toThrow();
  });

  it("refuses a reader before Nova is asked", async () => {
    const browser = await logins.browserWith("alpha-reader");
    await expect(
      startBackup(browser, ask({ connection: "alpha-reader", kind: "snapshot" })),
    ).rejects.toThrow(
      "alpha is connected with the reader role only, which cannot back up or launch servers. Connect it as a member.",
    );
  });
});

describe("launching from a backup", () => {
  it("boots the snapshot of a server with its recorded flavor, and refuses a flavor too small before Nova is asked", async () => {
    const browser = await logins.browserWith("alpha");
    const snap = await finished(browser, await startBackup(browser, ask({ kind: "snapshot" })));
    const launch = (flavorId: string, name: string) =>
      startLaunch(
        browser,
        launchRequestSchema.parse({
          connection: "alpha",
          region: "RegionOne",
          imageId: snap.imageId,
          flavorId,
          name,
        }),
      );
    // A min_disk of 5 GB makes m1.tiny (1 GB) too small for it.
    await openstackCliQuiet("alpha", ["image", "set", "--min-disk", "5", snap.imageId!]);
    const name = `launch-it-${Date.now()}`;
    await expect(launch("m1.tiny", name)).rejects.toThrow(
      /m1\.tiny cannot boot .*: its disk \(1 GB\) is smaller than the image's minimum \(5 GB\)/,
    );
    expect(await openstackCli<unknown[]>("alpha", ["server", "list", "--name", name])).toEqual([]);

    const job = await launch("m1.small", name);
    const done = await untilEnded(() => readLaunch(browser, job.id));
    servers.push(done.serverId!);
    expect(done).toMatchObject({ status: "done", state: "done", serverStatus: "ACTIVE" });
    const cli = await openstackCli<{ status: string; image: string }>("alpha", [
      "server",
      "show",
      done.serverId!,
    ]);
    expect(cli.status).toBe("ACTIVE");
    expect(cli.image).toContain(snap.imageId!);
  });
});

describe("launching beyond the project's quota", () => {
  it("ends with Nova's quota sentence, and no server is made, as the CLI shows", async () => {
    const browser = await logins.browserWith("gamma");
    const [image] = await openstackCli<{ ID: string }[]>("gamma", [
      "image",
      "list",
      "--name",
      "alpine-3.20-minimal",
    ]);
    const { instances: before } = await openstackCli<{ instances: number }>("admin", [
      "quota",
      "show",
      projectId("gamma"),
    ]);
    await openstackCliQuiet("admin", ["quota", "set", "--instances", "0", projectId("gamma")]);
    try {
      const name = `quota-it-${Date.now()}`;
      const job = await startLaunch(
        browser,
        launchRequestSchema.parse({
          connection: "gamma",
          region: "RegionOne",
          imageId: image!.ID,
          flavorId: "m1.small",
          name,
        }),
      );
      const done = await untilEnded(() => readLaunch(browser, job.id));
      expect(done.status).toBe("failed");
      expect(done.error).toMatch(/Quota exceeded for instances/);
      expect(await openstackCli<unknown[]>("gamma", ["server", "list", "--name", name])).toEqual(
        [],
      );
    } finally {
      await openstackCliQuiet("admin", [
        "quota",
        "set",
        "--instances",
        String(before),
        projectId("gamma"),
      ]);
    }
  });
});
