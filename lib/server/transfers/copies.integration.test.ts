// Transfers on the real cloud, copies: the jobs the "Copy to…" action starts, checked with the CLI.
import { randomBytes } from "node:crypto";

import { describe, expect, it } from "vitest";

import { listImportTasks } from "@/lib/openstack/glance";
import { rememberEndpoints } from "@/lib/server/core/context";
import { journalDb } from "@/lib/server/core/journal";
import { listEntries } from "@/lib/server/journal/journal";
import { type StoredConnection } from "@/lib/server/session";
import { cloud } from "@/scripts/testing/local-cloud";
import {
  faithfulCopyOf,
  openstackCli,
  openstackCliQuiet,
  type CliImage,
} from "@/scripts/testing/openstack-cli";

import {
  browserWith,
  copyOnce,
  glance,
  janitor,
  settled,
  sourceImage,
  start,
  storedOf,
  tokens,
} from "./testbed";

describe("transfers on the real cloud", () => {
  it("copies alpha's image to beta in the same region and to partner (another domain) in the other region, each verified", async () => {
    const data = randomBytes(3 * 2 ** 20 + 5);
    const imageId = await sourceImage(`transfer-copy-${Date.now()}`, data);
    const browser = () => browserWith("alpha", "beta", "partner");
    const started = await start(await browser(), {
      images: [{ source: { connection: "alpha", region: "RegionOne" }, imageId }],
      targets: [
        { connection: "beta", region: "RegionOne" },
        { connection: "partner", region: "RegionTwo" },
      ],
      name: "copied-by-test",
      move: false,
    });
    expect(started.transfers.map((t) => t.status)).toEqual(["queued", "queued"]);
    const done = await settled(browser, started.transfers[0]!.batch);
    for (const t of done)
      janitor.track(glance(t.target.projectName, t.target.region), t.target.imageId!);
    expect(
      done.map((t) => [t.target.projectName, t.target.region, t.status, t.bytes, t.error]),
    ).toEqual(
      expect.arrayContaining([
        ["beta", "RegionOne", "verified", data.length, null],
        ["partner", "RegionTwo", "verified", data.length, null],
      ]),
    );

    const source = await openstackCli<CliImage>("alpha", ["image", "show", imageId]);
    for (const t of done) {
      expect(t.sha512).toBe(source.properties.os_hash_value);
      const copy = await openstackCli<CliImage>(
        t.target.projectName,
        ["image", "show", t.target.imageId!],
        t.target.region,
      );
      expect(copy).toMatchObject({
        ...faithfulCopyOf(source),
        visibility: "private",
        size: data.length,
      });
      expect(copy.properties.glance_share_source_image).toBe(imageId);
    }
    const entries = await listEntries(
      await journalDb(),
      [{ cloud: cloud.authUrl, projectId: cloud.projects.partner!.id, legacy: false }],
      { action: "copied" },
    );
    expect(
      entries.find(
        (e) => e.image.id === done.find((t) => t.target.projectName === "partner")!.target.imageId,
      ),
    ).toMatchObject({ outcome: "ok", region: "RegionTwo" });
    // The source stays: this was a copy.
    expect((await openstackCli<CliImage>("alpha", ["image", "show", imageId])).status).toBe(
      "active",
    );
  });

  it("lets Glance copy an image itself into the same project's other region (glance-download): verified, and said so", async () => {
    const data = randomBytes(2 ** 20 + 3);
    const imageId = await sourceImage(`transfer-glance-download-${Date.now()}`, data);
    const { started, done } = await copyOnce(imageId, "alpha");
    expect(started).toMatchObject({
      path: "glance-download",
      pathNote: expect.stringContaining("no image data passes through this server"),
    });
    const source = await openstackCli<CliImage>("alpha", ["image", "show", imageId]);
    expect(done).toMatchObject({
      status: "verified",
      bytes: data.length,
      sha512: source.properties.os_hash_value,
      error: null,
    });
    const copy = await openstackCli<CliImage>(
      "alpha",
      ["image", "show", done.target.imageId!],
      "RegionTwo",
    );
    expect(copy).toMatchObject({
      status: "active",
      size: data.length,
      checksum: source.checksum,
      disk_format: "qcow2",
      tags: ["golden"],
    });
    expect(copy.properties).toMatchObject({
      os_hash_value: source.properties.os_hash_value,
      hw_disk_bus: "scsi",
      glance_share_source_image: imageId,
    });
    // Glance's own import task did it.
    const tasks = await listImportTasks(glance("alpha", "RegionTwo"), done.target.imageId!);
    expect(tasks[0]).toMatchObject({ method: "glance-download", status: "success" });
  });

  it("lets beta's Glance copy alpha's shared image by making beta a member for the copy only", async () => {
    const imageId = await sourceImage(
      `transfer-glance-download-shared-${Date.now()}`,
      randomBytes(2 ** 20),
    );
    await openstackCliQuiet("alpha", ["image", "set", "--shared", imageId]);
    const { started, done } = await copyOnce(imageId, "beta");
    expect(started).toMatchObject({
      path: "glance-download",
      pathNote: expect.stringContaining("beta is made a member of"),
    });
    expect(done).toMatchObject({ status: "verified", error: null });
    expect(
      (await openstackCli<CliImage>("beta", ["image", "show", done.target.imageId!], "RegionTwo"))
        .status,
    ).toBe("active");
    // The membership is gone again, and the journal says it came and went.
    expect(await openstackCli<unknown[]>("alpha", ["image", "member", "list", imageId])).toEqual(
      [],
    );
    const entries = await listEntries(
      await journalDb(),
      [{ cloud: cloud.authUrl, projectId: cloud.projects.alpha!.id, legacy: false }],
      { image: imageId },
    );
    expect(entries.map((e) => e.action).sort()).toEqual(["member_added", "member_removed"]);
  });

  it("streams a private image through the server when Glance could only copy it once shared", async () => {
    const imageId = await sourceImage(`transfer-private-relay-${Date.now()}`, randomBytes(4096));
    await openstackCliQuiet("alpha", ["image", "set", "--private", imageId]);
    const { started, done } = await copyOnce(imageId, "beta");
    expect(started).toMatchObject({
      path: "relay",
      pathNote: expect.stringMatching(/^Streamed through this server: .* is private/),
    });
    expect(done.status).toBe("verified");
    // Nothing about the source changed to let the copy through.
    expect(
      (await openstackCli<{ visibility: string }>("alpha", ["image", "show", imageId])).visibility,
    ).toBe("private");
  });

  it("takes the source's members along when asked: the copy is shared and each member is invited again", async () => {
    const imageId = await sourceImage(`transfer-members-${Date.now()}`, randomBytes(4096));
    await openstackCliQuiet("alpha", ["image", "set", "--shared", imageId]);
    const [betaId, gammaId] = [cloud.projects.beta!.id, cloud.projects.gamma!.id];
    for (const member of [betaId, gammaId])
      await openstackCliQuiet("alpha", ["image", "add", "project", imageId, member]);
    await openstackCliQuiet("beta", ["image", "set", "--accept", imageId]);
    const { done } = await copyOnce(imageId, "alpha", { keepMembers: true });
    expect(done).toMatchObject({
      status: "verified",
      keepMembers: true,
      resultNote: expect.stringMatching(/^Invited 2 of the source's 2 members: each accepts again/),
    });
    expect(
      (await openstackCli<CliImage>("alpha", ["image", "show", done.target.imageId!], "RegionTwo"))
        .visibility,
    ).toBe("shared");
    const members = await openstackCli<{ "Member ID": string; Status: string }[]>(
      "alpha",
      ["image", "member", "list", done.target.imageId!],
      "RegionTwo",
    );
    expect(members.map((m) => [m["Member ID"], m.Status]).sort()).toEqual(
      [
        [betaId, "pending"],
        [gammaId, "pending"],
      ].sort(),
    );
  });

  it("refuses to take members along into another cloud's project or from an image the project does not own", async () => {
    // alpha's image as beta sees it: shared with beta, accepted.
    const imageId = await sourceImage(`transfer-members-refused-${Date.now()}`, randomBytes(1024));
    await openstackCliQuiet("alpha", ["image", "add", "project", imageId, cloud.projects.beta!.id]);
    await openstackCliQuiet("beta", ["image", "set", "--accept", imageId]);
    const foreign: StoredConnection = {
      ...(await storedOf("beta")),
      id: "foreign",
      authUrl: "https://keystone.other.example/v3",
    };
    rememberEndpoints(foreign, tokens.beta!.imageEndpoints);
    const request = start(await browserWith("beta", foreign, "alpha"), {
      images: [{ source: { connection: "beta", region: "RegionOne" }, imageId }],
      targets: [{ connection: "foreign", region: "RegionTwo" }],
      keepMembers: true,
    });
    await expect(request).rejects.toMatchObject({
      message: expect.stringMatching(
        /^transfer-members-refused-\d+ belongs to another project, which alone sees its members.*beta is in another cloud, where the source's members are not projects/,
      ),
    });
  });
});
