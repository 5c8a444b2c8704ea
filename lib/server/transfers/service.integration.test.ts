// Transfers on the real cloud: the jobs the "Copy to…" action starts, checked with the CLI.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";

import {
  getImage,
  listImportTasks,
  uploadImageData,
  type GlanceTarget,
} from "@/lib/openstack/glance";
import { transferRequestSchema, type TransferDto } from "@/lib/schemas/transfers";
import { ProjectContext, rememberEndpoints } from "@/lib/server/core/context";
import { heartbeat, holdLease, PROCESS_OWNER, releaseLease } from "@/lib/server/core/jobs/leases";
import { journalDb } from "@/lib/server/core/journal";
import { listEntries } from "@/lib/server/journal/journal";
import { type StoredConnection } from "@/lib/server/session";
import { seededLogins, TEST_SECRET } from "@/lib/server/testing/browser";
import { hostileServer, json, listedImage } from "@/lib/server/testing/hostile-server";
import { transfersSettled } from "@/lib/transfers/move";
import { cloud, glanceIn, imageJanitor } from "@/scripts/testing/local-cloud";
import {
  faithfulCopyOf,
  openstackCli,
  openstackCliQuiet,
  type CliImage,
} from "@/scripts/testing/openstack-cli";

import { sweepTransfers } from "./janitor";
import { keepSessions } from "./kept";
import { cancelTransfer, readTransfers, startTransfers } from "./service";
import { FRESH_TRANSFER, insertTransfers, type NewTransferRow } from "./store";

// The journal's database (and the transfers beside it) for this file only; read when first opened.
process.env.GLANCE_SHARE_DATA_DIR = mkdtempSync(path.join(tmpdir(), "glance-share-transfers-"));

// The janitor opens the cookies a transfer kept with the server's secret.
process.env.SESSION_SECRET = TEST_SECRET;
const janitor = imageJanitor();
afterEach(() => janitor.cleanup());

const logins = seededLogins({
  alpha: ["alpha-member", "alpha"],
  beta: ["beta-member", "beta"],
  partner: ["partner-member", "partner"],
  "alpha-reader": ["alpha-reader", "alpha"],
});
const { tokens, browserWith } = logins;
const storedOf = async (name: string) => logins.stored(name);
beforeAll(() => logins.login());

/** Starts transfers with a request as the route parses it (defaults filled in). */
const start = (projects: ProjectContext, request: z.input<typeof transferRequestSchema>) =>
  startTransfers(projects, transferRequestSchema.parse(request));

const glance = (name: string, region = "RegionOne"): GlanceTarget =>
  glanceIn(tokens[name]!, region);

/** An image of alpha's with data, made for one test. */
async function sourceImage(
  name: string,
  bytes: Buffer,
  region = "RegionOne",
  extra: { protected?: boolean } = {},
) {
  const image = await janitor.create(glance("alpha", region), {
    name,
    diskFormat: "qcow2",
    tags: ["golden"],
    properties: { hw_disk_bus: "scsi" },
  });
  await uploadImageData(glance("alpha", region), image.id, bytes);
  if (extra.protected)
    await openstackCliQuiet("alpha", [
      "--os-region-name",
      region,
      "image",
      "set",
      "--protected",
      image.id,
    ]);
  return image.id;
}

/** Reads the transfers as the browser does until none of the batch runs any more. */
async function settled(
  projects: () => Promise<ProjectContext>,
  batch: string,
  timeoutMs = 90_000,
): Promise<TransferDto[]> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const mine = (await readTransfers(await projects())).transfers.filter((t) => t.batch === batch);
    if (mine.length > 0 && transfersSettled(mine)) return mine;
    if (Date.now() > end)
      throw new Error(`transfers still running: ${JSON.stringify(mine.map((t) => t.status))}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Copies alpha's image (RegionOne) into a project's RegionTwo (alpha's own or beta's) as a
 * browser connected to both would, to its end; the copy is deleted after the test.
 */
async function copyOnce(
  imageId: string,
  into: "alpha" | "beta",
  options: { move?: boolean; keepMembers?: boolean } = {},
) {
  const target = { connection: into, region: "RegionTwo" };
  const browser = () => browserWith(...new Set(["alpha", into]));
  const { transfers } = await start(await browser(), {
    images: [{ source: { connection: "alpha", region: "RegionOne" }, imageId }],
    targets: [target],
    ...options,
  });
  const [done] = await settled(browser, transfers[0]!.batch);
  if (done!.target.imageId)
    janitor.track(glance(target.connection, target.region), done!.target.imageId);
  return { started: transfers[0]!, done: done! };
}

/**
 * Copies `imageId` into beta through alpha's connection pointed at another server (a
 * hostile one) as its RegionOne Glance; returns the browser, to follow the copy with.
 */
async function copyFromServer(id: string, url: string, imageId: string) {
  const source: StoredConnection = { ...(await storedOf("alpha")), id };
  rememberEndpoints(source, [{ region: "RegionOne", url }]);
  const browser = () => browserWith("beta", source);
  const { transfers } = await start(await browser(), {
    images: [{ source: { connection: id, region: "RegionOne" }, imageId }],
    targets: [{ connection: "beta", region: "RegionOne" }],
    move: false,
  });
  return { browser, transfers };
}

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

  it("moves an image: the source is deleted only after the copy is verified", async () => {
    const imageId = await sourceImage(`transfer-move-${Date.now()}`, randomBytes(2 ** 20));
    const { done } = await copyOnce(imageId, "beta", { move: true });
    expect(done).toMatchObject({ status: "verified", sourceDeleted: true, error: null });
    expect(
      (await openstackCli<CliImage>("beta", ["image", "show", done.target.imageId!], "RegionTwo"))
        .status,
    ).toBe("active");
    await expect(openstackCli("alpha", ["image", "show", imageId])).rejects.toThrow(
      /No Image found|Could not find|404/i,
    );
  });

  it("copies a selection of images in one request, each into every target: one temporary membership serves an image's copies into both of beta's regions, and a move deletes each source once its own copies are verified", async () => {
    const sizes = [2 ** 20 + 3, 2 ** 19];
    const ids = [
      await sourceImage(`transfer-selection-a-${Date.now()}`, randomBytes(sizes[0]!)),
      await sourceImage(`transfer-selection-b-${Date.now()}`, randomBytes(sizes[1]!)),
    ];
    const browser = () => browserWith("alpha", "beta");
    const started = await start(await browser(), {
      images: ids.map((imageId) => ({
        source: { connection: "alpha", region: "RegionOne" },
        imageId,
      })),
      targets: [
        { connection: "beta", region: "RegionOne" },
        { connection: "beta", region: "RegionTwo" },
      ],
      move: true,
    });
    expect(started.transfers).toHaveLength(4);
    expect(new Set(started.transfers.map((t) => t.batch)).size).toBe(1);
    const done = await settled(browser, started.transfers[0]!.batch);
    for (const t of done)
      if (t.target.imageId) janitor.track(glance("beta", t.target.region), t.target.imageId);
    expect(
      done
        .map((t) => [
          t.source.imageId,
          t.target.region,
          t.status,
          t.bytes,
          t.sourceDeleted,
          t.error,
        ])
        .sort(),
    ).toEqual(
      [
        [ids[0], "RegionOne", "verified", sizes[0], true, null],
        [ids[0], "RegionTwo", "verified", sizes[0], true, null],
        [ids[1], "RegionOne", "verified", sizes[1], true, null],
        [ids[1], "RegionTwo", "verified", sizes[1], true, null],
      ].sort(),
    );
    // Shared images of alpha's: Glance copies each itself once beta is a member, added once for both regions.
    expect(done.map((t) => t.path)).toEqual([
      "glance-download",
      "glance-download",
      "glance-download",
      "glance-download",
    ]);
    for (const [i, imageId] of ids.entries()) {
      const entries = await listEntries(
        await journalDb(),
        [{ cloud: cloud.authUrl, projectId: cloud.projects.alpha!.id, legacy: false }],
        { image: imageId },
      );
      expect(entries.map((e) => e.action).sort()).toEqual([
        "deleted",
        "member_added",
        "member_removed",
      ]);
      await expect(openstackCli("alpha", ["image", "show", imageId])).rejects.toThrow(
        /No Image found|Could not find|404/i,
      );
      for (const region of ["RegionOne", "RegionTwo"]) {
        const copies = await openstackCli<{ ID: string }[]>(
          "beta",
          ["image", "list", "--property", `glance_share_source_image=${imageId}`],
          region,
        );
        expect(copies).toHaveLength(1);
        expect(
          (await openstackCli<CliImage>("beta", ["image", "show", copies[0]!.ID], region)).size,
        ).toBe(sizes[i]);
      }
    }
  });

  it("refuses up front, with every reason, and starts nothing: a protected image cannot be moved, a reader can neither receive a copy nor send one", async () => {
    const imageId = await sourceImage(
      `transfer-protected-${Date.now()}`,
      randomBytes(1024),
      "RegionOne",
      { protected: true },
    );
    try {
      const browser = await browserWith("alpha", "alpha-reader", "beta");
      const request = start(browser, {
        images: [{ source: { connection: "alpha", region: "RegionOne" }, imageId }],
        targets: [
          { connection: "alpha-reader", region: "RegionTwo" },
          { connection: "beta", region: "RegionOne" },
        ],
        move: true,
      });
      await expect(request).rejects.toMatchObject({
        code: "conflict",
        message: expect.stringMatching(
          /is protected: Glance refuses to delete it.*alpha is connected with the reader role only/,
        ),
      });
      // Nor can a reader copy: Glance gives it the image's record, not its data.
      const fromReader = start(browser, {
        images: [{ source: { connection: "alpha-reader", region: "RegionOne" }, imageId }],
        targets: [{ connection: "beta", region: "RegionOne" }],
      });
      await expect(fromReader).rejects.toMatchObject({
        code: "forbidden",
        message: expect.stringMatching(
          /^alpha is connected with the reader role only, which Glance does not give image data/,
        ),
      });
      expect(
        (await readTransfers(browser)).transfers.filter((t) => t.source.imageId === imageId),
      ).toEqual([]);
    } finally {
      await openstackCliQuiet("alpha", ["image", "set", "--unprotected", imageId]);
    }
  });

  it("cancels a transfer whose source stalls mid-stream, and deletes the unfinished copy from the real target", async () => {
    // An attacker's Glance (not a stand-in for the real one): it describes an image, sends
    // 64 KiB of its 1 MiB and then holds the connection open without a byte more.
    const imageId = randomUUID();
    const stalling = await hostileServer((req, res) => {
      if (req.url!.endsWith("/file")) {
        res.writeHead(200, {
          "Content-Type": "application/octet-stream",
          "Content-Length": String(2 ** 20),
        });
        res.write(randomBytes(64 * 1024));
        return;
      }
      json(res, {
        ...listedImage(imageId),
        size: 2 ** 20,
        disk_format: "raw",
        container_format: "bare",
        checksum: "0".repeat(32),
      });
    });
    try {
      const { browser, transfers } = await copyFromServer("stalled", stalling.url, imageId);
      const transfer = transfers[0]!;
      let running: TransferDto | undefined;
      for (let i = 0; i < 100 && !(running?.bytes === 64 * 1024); i++) {
        await new Promise((r) => setTimeout(r, 100));
        running = (await readTransfers(await browser())).transfers.find(
          (t) => t.id === transfer.id,
        );
      }
      // The heartbeat reported the bytes that came, and the copy exists in beta, queued or saving.
      expect(running).toMatchObject({ status: "running", bytes: 64 * 1024 });
      const copyId = running!.target.imageId!;
      expect((await openstackCli<CliImage>("beta", ["image", "show", copyId])).status).not.toBe(
        "active",
      );

      // Beta sees the transfer into its project, but neither started it nor owns its source.
      await expect(cancelTransfer(await browserWith("beta"), transfer.id)).rejects.toMatchObject({
        code: "forbidden",
        message: expect.stringMatching(
          /^Only alpha-member, who started this transfer, or a member of alpha can cancel it/,
        ),
      });
      // A reader of its source project sees it, and may not act on it either.
      await expect(
        cancelTransfer(await browserWith("alpha-reader"), transfer.id),
      ).rejects.toMatchObject({ code: "forbidden" });
      expect(
        (await readTransfers(await browser())).transfers.find((t) => t.id === transfer.id)?.status,
      ).toBe("running");
      await cancelTransfer(await browser(), transfer.id);
      const [done] = await settled(browser, transfer.batch);
      expect(done).toMatchObject({ status: "cancelled", cleanup: "done", error: "Cancelled." });
      await expect(openstackCli("beta", ["image", "show", copyId])).rejects.toThrow();
    } finally {
      await stalling.close();
    }
  });

  it("deletes a copy whose bytes do not match what the source records, and says what differed", async () => {
    // An attacker's Glance: it records the hashes of one megabyte and serves another of the same length.
    const imageId = randomUUID();
    const recorded = randomBytes(2 ** 20);
    const served = Buffer.from(recorded);
    served[12345] = served[12345]! ^ 0xff;
    const lying = await hostileServer((req, res) => {
      if (req.url!.endsWith("/file")) {
        res.writeHead(200, {
          "Content-Type": "application/octet-stream",
          "Content-Length": String(served.length),
        });
        res.end(served);
        return;
      }
      json(res, {
        ...listedImage(imageId),
        size: recorded.length,
        disk_format: "raw",
        container_format: "bare",
        checksum: createHash("md5").update(recorded).digest("hex"),
        os_hash_algo: "sha512",
        os_hash_value: createHash("sha512").update(recorded).digest("hex"),
      });
    });
    try {
      const { browser, transfers } = await copyFromServer("lying", lying.url, imageId);
      const [done] = await settled(browser, transfers[0]!.batch);
      expect(done).toMatchObject({ status: "failed", cleanup: "done", sha512: null });
      expect(done!.error).toMatch(
        /^The copy does not match its source, so it was deleted: SHA-512: [0-9a-f]{128} passed, the source records [0-9a-f]{128}; MD5: the source records [0-9a-f]{32}, the copy records [0-9a-f]{32}\.$/,
      );
      await expect(
        openstackCli("beta", ["image", "show", done!.target.imageId!]),
      ).rejects.toThrow();
    } finally {
      await lying.close();
    }
  });

  /** A transfer row as a server records it, in a state a test sets, leased to `owner` (a dead one by default). */
  async function recordedTransfer(
    values: Partial<NewTransferRow>,
    { owner = "a-process-that-died", kept = ["alpha", "beta"] as [string, string] } = {},
  ): Promise<string> {
    const db = await journalDb();
    const id = randomUUID();
    const now = new Date().toISOString();
    const alphaP = cloud.projects.alpha!;
    const betaP = cloud.projects.beta!;
    // The browser that started it: the row keeps its cookies.
    const starter = await browserWith(...kept);
    await insertTransfers(db, [
      {
        id,
        batch: randomUUID(),
        created_at: now,
        updated_at: now,
        finished_at: null,
        user_id: "u",
        user_name: "alpha-member",
        source_cloud: cloud.authUrl,
        source_project_id: alphaP.id,
        source_project_name: "alpha",
        source_region: "RegionOne",
        source_image_id: randomUUID(),
        source_image_name: "gone",
        target_cloud: cloud.authUrl,
        target_project_id: betaP.id,
        target_project_name: "beta",
        target_region: "RegionOne",
        target_image_id: null,
        target_name: "copy",
        path: "relay",
        move: 0,
        ...FRESH_TRANSFER,
        status: "running",
        bytes: 10,
        size: 100,
        credentials: keepSessions(starter.session, kept[0], kept[1]),
        ...values,
      },
    ]);
    if (owner !== PROCESS_OWNER)
      await db
        .updateTable("transfers")
        .set({ lease_owner: owner, lease_until: Date.now() - 60_000 })
        .where("id", "=", id)
        .execute();
    return id;
  }

  const rowOf = async (id: string) =>
    (await journalDb())
      .selectFrom("transfers")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();

  it("leaves a transfer whose server died as it is on reading; the janitor marks it interrupted and deletes its copy as the person who started it", async () => {
    const copy = await janitor.create(glance("beta"), {
      name: `transfer-interrupted-${Date.now()}`,
    });
    const db = await journalDb();
    // What a server leaves when it dies mid-relay: a running row whose lease nobody renews.
    const id = await recordedTransfer({ target_image_id: copy.id, target_name: copy.name! });

    // Reading changes nothing, whoever reads.
    for (const reader of ["alpha", "beta"]) {
      const seen = (await readTransfers(await browserWith(reader))).transfers.find(
        (t) => t.id === id,
      );
      expect(seen).toMatchObject({ status: "running", cleanup: "none" });
    }
    expect((await getImage(glance("beta"), copy.id)).status).toBe("queued");

    await sweepTransfers(db);
    const seen = (await readTransfers(await browserWith("alpha"))).transfers.find(
      (t) => t.id === id,
    );
    expect(seen).toMatchObject({ status: "interrupted", cleanup: "done" });
    expect(seen!.error).toMatch(/^The server stopped while this copy ran/);
    await expect(openstackCli("beta", ["image", "show", copy.id])).rejects.toThrow();
    const removed = await listEntries(
      db,
      [{ cloud: cloud.authUrl, projectId: cloud.projects.beta!.id, legacy: false }],
      { action: "copy_removed" },
    );
    expect(removed.find((e) => e.image.id === copy.id)?.user.name).toBe("beta-member");
    // Done with, its sessions are forgotten.
    expect(await rowOf(id)).toMatchObject({ credentials: null, lease_owner: null });
  });

  it("removes the temporary membership a dead glance-download copy left, once no live copy uses it", async () => {
    const imageId = await sourceImage(`transfer-left-member-${Date.now()}`, randomBytes(1024));
    const beta = cloud.projects.beta!.id;
    await openstackCliQuiet("alpha", ["image", "set", "--shared", imageId]);
    await openstackCliQuiet("alpha", ["image", "add", "project", imageId, beta]);
    const left = {
      source_image_id: imageId,
      path: "glance-download",
      temporary_member: "added",
    } as const;
    const dead = await recordedTransfer(left);
    // Another copy of the same image into beta still runs (this process renews its lease).
    const live = await recordedTransfer(left, { owner: PROCESS_OWNER });
    const db = await journalDb();
    await sweepTransfers(db);
    expect(await rowOf(dead)).toMatchObject({ status: "interrupted", temporary_member: "added" });
    const members = () =>
      openstackCli<{ "Member ID": string }[]>("alpha", ["image", "member", "list", imageId]);
    expect((await members()).map((m) => m["Member ID"])).toEqual([beta]);

    await db.updateTable("transfers").set({ lease_until: 0 }).where("id", "=", live).execute();
    await sweepTransfers(db);
    expect(await members()).toEqual([]);
    expect((await rowOf(dead)).temporary_member).toBe("removed");
    expect((await rowOf(live)).temporary_member).toBe("removed");
  });

  it("settles a move whose server died between claiming the source's deletion and recording it, by asking Glance", async () => {
    const kept = await sourceImage(`transfer-claimed-kept-${Date.now()}`, randomBytes(1024));
    const gone = await sourceImage(`transfer-claimed-gone-${Date.now()}`, randomBytes(1024));
    await openstackCliQuiet("alpha", ["image", "delete", gone]);
    const claimed = { move: 1, status: "verified", source_deleted: 2, target_image_id: null };
    const stillThere = await recordedTransfer({ ...claimed, source_image_id: kept });
    const deleted = await recordedTransfer({ ...claimed, source_image_id: gone });
    await sweepTransfers(await journalDb());
    expect(await rowOf(stillThere)).toMatchObject({ status: "verified", source_deleted: 0 });
    expect((await rowOf(stillThere)).error).toMatch(/the image is in both places/);
    expect(await rowOf(deleted)).toMatchObject({ status: "verified", source_deleted: 1 });
    expect((await openstackCli<{ id: string }>("alpha", ["image", "show", kept])).id).toBe(kept);
  });

  it("never lets the janitor take a job whose lease this process renews, and tells a job whose lease was taken to stop", async () => {
    const db = await journalDb();
    const id = await recordedTransfer({}, { owner: PROCESS_OWNER });
    let bytes = 5;
    const stops: string[] = [];
    holdLease(id, { progress: () => bytes, stop: (why) => stops.push(why) });
    try {
      await heartbeat(db);
      await sweepTransfers(db);
      bytes = 7;
      await heartbeat(db);
      expect(await rowOf(id)).toMatchObject({
        status: "running",
        bytes: 7,
        lease_owner: PROCESS_OWNER,
      });
      expect(stops).toEqual([]);
      // Another instance's janitor took it (after an outage this process alone had): it must stop.
      await db.updateTable("transfers").set({ lease_owner: null }).where("id", "=", id).execute();
      await heartbeat(db);
      expect(stops).toEqual(["lost"]);
    } finally {
      await releaseLease(db, id);
    }
  });
});
