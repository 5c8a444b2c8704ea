import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { connect, createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterEach, beforeAll, describe, expect, it } from "vitest";

import { createImage, getImage, uploadImageData, type GlanceTarget } from "@/lib/openstack/glance";
import { hostileServer } from "@/lib/server/testing/hostile-server";
import { copyDefinition, copyDifferences } from "@/lib/transfers/copy";
import { glanceIn, imageJanitor, loginAs } from "@/scripts/testing/local-cloud";
import { openstackCli, openstackCliQuiet, type CliImage } from "@/scripts/testing/openstack-cli";

import { RelayError, relayImageData } from "./relay";

let alpha: GlanceTarget;
let betaTwo: GlanceTarget;
const janitor = imageJanitor();
const work = mkdtempSync(path.join(tmpdir(), "glance-share-relay-"));

beforeAll(async () => {
  alpha = glanceIn(await loginAs("alpha-member", "alpha"));
  betaTwo = glanceIn(await loginAs("beta-member", "beta"), "RegionTwo");
});
afterEach(() => janitor.cleanup());

/**
 * A TCP proxy to a real Glance whose first connection is cut once `cutAfter` bytes came
 * back, and which then hangs up on the next `refuse` connections at once (a network
 * fault, not a stand-in for Glance); it records the Range of each request it passes on.
 */
async function cuttingProxy(upstream: URL, cutAfter: number, { refuse = 0 } = {}) {
  const ranges: string[] = [];
  let cut = false;
  let refused = 0;
  const server = createServer((client) => {
    if (cut && refused < refuse) {
      refused++;
      return void client.destroy();
    }
    const up = connect(Number(upstream.port), upstream.hostname);
    const cutThis = !cut;
    cut = true;
    let passed = 0;
    client.on("data", (d: Buffer) => {
      const range = /\r\nrange: bytes=(\d+)-/i.exec(d.toString("latin1"));
      if (range) ranges.push(range[1]!);
      up.write(d);
    });
    up.on("data", (d: Buffer) => {
      passed += d.length;
      if (cutThis && passed > cutAfter) {
        client.destroy();
        up.destroy();
      } else client.write(d);
    });
    for (const [a, b] of [
      [client, up],
      [up, client],
    ] as const) {
      a.on("error", () => b.destroy());
      a.on("close", () => b.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname.replace(/\/$/, "")}`,
    ranges,
    refused: () => refused,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("relaying an image's data between two Glances", () => {
  it("copies alpha's image into beta's project in the other region: the same bytes, hashes and properties, as the CLI sees them", async () => {
    const data = randomBytes(3 * 2 ** 20 + 17);
    const source = await janitor.create(alpha, {
      name: "relay-source",
      diskFormat: "qcow2",
      tags: ["golden"],
      properties: { hw_disk_bus: "scsi", os_distro: "ubuntu" },
    });
    await uploadImageData(alpha, source.id, data);
    const sourceImage = await getImage(alpha, source.id);
    const definition = copyDefinition({ ...sourceImage, region: "RegionOne" });
    const copy = await createImage(betaTwo, definition);
    janitor.track(betaTwo, copy.id);

    const progress: number[] = [];
    const relayed = await relayImageData(
      { target: alpha, imageId: source.id },
      { target: betaTwo, imageId: copy.id },
      { size: sourceImage.size!, onProgress: (b) => progress.push(b) },
    );
    expect(relayed.bytes).toBe(data.length);
    expect(relayed.sha512).toBe(createHash("sha512").update(data).digest("hex"));
    expect(progress.at(-1)).toBe(data.length);
    expect(copyDifferences(relayed, sourceImage, await getImage(betaTwo, copy.id))).toEqual([]);

    const [fromCli, toCli] = await Promise.all([
      openstackCli<CliImage>("alpha", ["image", "show", source.id]),
      openstackCli<CliImage>("beta", ["image", "show", copy.id], "RegionTwo"),
    ]);
    expect(toCli).toMatchObject({
      status: "active",
      size: fromCli.size,
      checksum: fromCli.checksum,
      disk_format: "qcow2",
      container_format: "bare",
    });
    expect(toCli.properties).toMatchObject({
      os_hash_value: fromCli.properties.os_hash_value,
      hw_disk_bus: "scsi",
      os_distro: "ubuntu",
      glance_share_source_image: source.id,
      glance_share_source_region: "RegionOne",
    });
    const saved = path.join(work, "copy.img");
    await openstackCliQuiet("beta", [
      "--os-region-name",
      "RegionTwo",
      "image",
      "save",
      "--file",
      saved,
      copy.id,
    ]);
    expect(readFileSync(saved).equals(data)).toBe(true);
  });

  it("picks the download up where it broke off (a Range request) and feeds the same upload: the copy is whole and verified", async () => {
    const data = randomBytes(4 * 2 ** 20 + 9);
    const source = await janitor.create(alpha, { name: "relay-resumed-source" });
    await uploadImageData(alpha, source.id, data);
    const sourceImage = await getImage(alpha, source.id);
    // The network between this server and the real RegionOne Glance drops the first download after 1 MiB.
    const proxy = await cuttingProxy(new URL(alpha.endpoint), 2 ** 20);
    try {
      const copy = await janitor.create(betaTwo, { name: "relay-resumed-copy" });
      const relayed = await relayImageData(
        { target: { ...alpha, endpoint: proxy.url }, imageId: source.id },
        { target: betaTwo, imageId: copy.id },
        { size: data.length },
      );
      expect(relayed).toMatchObject({
        bytes: data.length,
        resumes: 1,
        sha512: createHash("sha512").update(data).digest("hex"),
      });
      expect(proxy.ranges).toHaveLength(1);
      expect(Number(proxy.ranges[0])).toBeGreaterThan(0);
      expect(copyDifferences(relayed, sourceImage, await getImage(betaTwo, copy.id))).toEqual([]);
      const cli = await openstackCli<CliImage>("beta", ["image", "show", copy.id], "RegionTwo");
      expect(cli).toMatchObject({
        status: "active",
        size: data.length,
        checksum: sourceImage.checksum,
      });
    } finally {
      await proxy.close();
    }
  });

  it("waits for a source that cannot be reached right after it broke off, and goes on once it answers", async () => {
    const data = randomBytes(4 * 2 ** 20 + 3);
    const source = await janitor.create(alpha, { name: "relay-waited-source" });
    await uploadImageData(alpha, source.id, data);
    // Cut after 1 MiB, then two connections refused: the third try to reopen gets through.
    const proxy = await cuttingProxy(new URL(alpha.endpoint), 2 ** 20, { refuse: 2 });
    try {
      const copy = await janitor.create(betaTwo, { name: "relay-waited-copy" });
      const tries: { attempt: number; at: number }[] = [];
      const relayed = await relayImageData(
        { target: { ...alpha, endpoint: proxy.url }, imageId: source.id },
        { target: betaTwo, imageId: copy.id },
        {
          size: data.length,
          resumeDelaysMs: [0, 50, 50, 50],
          onResume: ({ attempt, at }) => tries.push({ attempt, at }),
        },
      );
      expect(relayed).toMatchObject({
        bytes: data.length,
        resumes: 1,
        sha512: createHash("sha512").update(data).digest("hex"),
      });
      expect(proxy.refused()).toBe(2);
      expect(tries.map((t) => t.attempt)).toEqual([1, 2, 3]);
      expect(tries.every((t) => t.at === tries[0]!.at && t.at > 0)).toBe(true);
      expect(proxy.ranges).toEqual([String(tries[0]!.at)]);
      const cli = await openstackCli<CliImage>("beta", ["image", "show", copy.id], "RegionTwo");
      expect(cli).toMatchObject({
        status: "active",
        size: data.length,
        checksum: (await getImage(alpha, source.id)).checksum,
      });
    } finally {
      await proxy.close();
    }
  });

  it("gives up on a source that stays unreachable after it broke off, saying how far it got, and Glance keeps none of it", async () => {
    const data = randomBytes(4 * 2 ** 20);
    const source = await janitor.create(alpha, { name: "relay-lost-source" });
    await uploadImageData(alpha, source.id, data);
    const proxy = await cuttingProxy(new URL(alpha.endpoint), 2 ** 20, { refuse: 100 });
    try {
      const copy = await janitor.create(betaTwo, { name: "relay-lost-copy" });
      const relay = relayImageData(
        { target: { ...alpha, endpoint: proxy.url }, imageId: source.id },
        { target: betaTwo, imageId: copy.id },
        { size: data.length, resumeDelaysMs: [0, 20, 20] },
      );
      const failure = await relay.then(
        () => null,
        (err: unknown) => err,
      );
      expect(failure).toBeInstanceOf(RelayError);
      expect(failure).toMatchObject({ end: "source", code: "upstream_unavailable" });
      expect((failure as RelayError).message).toMatch(
        /^The source's Glance broke off after [\d.]+ [KM]iB of 4\.0 MiB, and 3 tries to pick it up from there failed: Glance is unreachable at /,
      );
      expect(proxy.refused()).toBe(3);
      expect(
        (await openstackCli<CliImage>("beta", ["image", "show", copy.id], "RegionTwo")).status,
      ).not.toBe("active");
    } finally {
      await proxy.close();
    }
  });

  it("fails when the source breaks off mid-stream and cannot resume, and Glance keeps none of the partial data", async () => {
    // An attacker's Glance (not a stand-in for the real one): it promises 4 MiB and hangs up after 1 MiB.
    const broken = await hostileServer((_req, res) => {
      res.writeHead(200, {
        "Content-Type": "application/octet-stream",
        "Content-Length": String(4 * 2 ** 20),
      });
      res.write(randomBytes(2 ** 20), () => res.socket?.destroy());
    });
    try {
      const copy = await janitor.create(betaTwo, { name: "relay-broken-source" });
      const relay = relayImageData(
        { target: { endpoint: broken.url, token: "t" }, imageId: "any" },
        { target: betaTwo, imageId: copy.id },
        { size: 4 * 2 ** 20 },
      );
      // It answers the Range request with the whole image again: no try later would do better.
      await expect(relay).rejects.toMatchObject({
        end: "source",
        message: expect.stringMatching(
          /one try to pick it up from there failed: Glance did not resume the image's data at byte \d+/,
        ),
      });
      expect(broken.requests).toHaveLength(2);
      const after = await getImage(betaTwo, copy.id);
      expect(after.status).not.toBe("active");
      expect(
        (await openstackCli<CliImage>("beta", ["image", "show", copy.id], "RegionTwo")).status,
      ).not.toBe("active");
    } finally {
      await broken.close();
    }
  });
});
