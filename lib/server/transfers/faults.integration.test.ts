// Transfers on the real cloud, moves and faults: refusals, cancels, what a dead server leaves.
import { createHash, randomBytes, randomUUID } from "node:crypto";

import { describe, expect, it } from "vitest";

import { getImage } from "@/lib/openstack/glance";
import { type TransferDto } from "@/lib/schemas/transfers";
import { heartbeat, holdLease, PROCESS_OWNER, releaseLease } from "@/lib/server/core/jobs/leases";
import { journalDb } from "@/lib/server/core/journal";
import { listEntries } from "@/lib/server/journal/journal";
import { hostileServer, json, listedImage } from "@/lib/server/testing/hostile-server";
import { written } from "@/lib/server/testing/written";
import { cloud } from "@/scripts/testing/local-cloud";
import { openstackCli, openstackCliQuiet, type CliImage } from "@/scripts/testing/openstack-cli";

import { sweepTransfers } from "./janitor";
import { keepSessions } from "./kept";
import { cancelTransfer } from "./service";
import { FRESH_TRANSFER, insertTransfers, type NewTransferRow } from "./store";
import {
  browserWith,
  copyFromServer,
  copyOnce,
  glance,
  janitor,
  readTransfers,
  settled,
  sourceImage,
  start,
} from "./testbed";

describe("transfers on the real cloud", () => {
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
    expect(written((await rowOf(stillThere)).error)).toMatch(/the image is in both places/);
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
