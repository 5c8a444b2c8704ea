// Against the local cloud's real Nova (scripts/local-cloud up, freshly reset: web-1 in
// alpha on debian-12-hardened, edge-fw in beta on alpha's shared pfsense-2.7.2-backup,
// both in RegionOne). Where a test changes state, the `openstack` CLI confirms it.
import { randomBytes } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { openStackFailure } from "@/lib/server/testing/failures";
import { glanceIn, imageJanitor, loginAs, novaIn, projectId } from "@/scripts/testing/local-cloud";
import { openstackCli } from "@/scripts/testing/openstack-cli";

import {
  addMember,
  getImage,
  listAllImages,
  updateMemberStatus,
  uploadImageData,
  type GlanceTarget,
} from "./glance";
import {
  createServer,
  deleteServer,
  getServer,
  listFlavors,
  listServers,
  microversionOf,
  snapshotServer,
  type NovaTarget,
} from "./nova";

let alpha: { nova: NovaTarget; glance: GlanceTarget };
let beta: { nova: NovaTarget; glance: GlanceTarget };
const janitor = imageJanitor();
const booted: { nova: NovaTarget; id: string }[] = [];

beforeAll(async () => {
  const [a, b] = await Promise.all([
    loginAs("alpha-member", "alpha"),
    loginAs("beta-member", "beta"),
  ]);
  alpha = { nova: novaIn(a), glance: glanceIn(a) };
  beta = { nova: novaIn(b), glance: glanceIn(b) };
});
afterAll(async () => {
  await Promise.allSettled(booted.map((s) => deleteServer(s.nova, s.id)));
  await janitor.cleanup();
});

async function until<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean) {
  const deadline = Date.now() + 60_000;
  let last = await read();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 300));
    last = await read();
  }
  return last;
}

const seededImage = async (target: GlanceTarget, name: string) => {
  const [image] = await listAllImages(target, { name, visibility: "all" });
  if (!image) throw new Error(`no seeded image ${name}`);
  return image;
};

/** A fresh alpha image with data, shared with beta and accepted. */
async function sharedWithBeta(minDisk = 0) {
  const image = await janitor.create(alpha.glance, {
    name: `nova-it-${Date.now()}`,
    diskFormat: "qcow2",
    minDisk,
    visibility: "shared",
  });
  await uploadImageData(alpha.glance, image.id, randomBytes(64 * 1024));
  await addMember(alpha.glance, image.id, projectId("beta"));
  await updateMemberStatus(beta.glance, image.id, projectId("beta"), "accepted");
  return getImage(alpha.glance, image.id);
}

async function boot(nova: NovaTarget, imageId: string, flavorId = "m1.small") {
  const id = await createServer(nova, { name: `nova-it-${Date.now()}`, imageId, flavorId });
  booted.push({ nova, id });
  return until(
    "server built",
    () => getServer(nova, id),
    (s) => s.status !== "BUILD",
  );
}

describe("the Nova client", () => {
  it("speaks the microversion it was written against with Zed's Nova", async () => {
    expect(await microversionOf(alpha.nova)).toBe("2.79");
  });

  it("lists a project's servers with the image and flavor each was booted with, as the CLI does", async () => {
    const debian = await seededImage(alpha.glance, "debian-12-hardened");
    const servers = await listServers(alpha.nova);
    const web = servers.find((s) => s.name === "web-1");
    expect(web).toMatchObject({
      status: "ACTIVE",
      imageId: debian.id,
      projectId: projectId("alpha"),
      flavor: { name: "m1.small", vcpus: 1, ramMiB: 2048, diskGiB: 20 },
      metadata: { role: "web" },
      fault: null,
    });
    // Other files boot alpha servers meanwhile: the seeded one is compared.
    const cli = await openstackCli<Record<string, unknown>[]>("alpha", [
      "server",
      "list",
      "--name",
      "^web-1$",
    ]);
    expect(cli).toEqual([
      {
        ID: web!.id,
        Name: "web-1",
        Image: "debian-12-hardened",
        Flavor: "m1.small",
        Status: "ACTIVE",
        Networks: {},
      },
    ]);
  });

  it("finds who runs on an image only in projects it can see: beta's server on alpha's shared backup", async () => {
    const pfsense = await seededImage(alpha.glance, "pfsense-2.7.2-backup");
    const inBeta = await listServers(beta.nova, { imageId: pfsense.id });
    expect(inBeta.map((s) => s.name)).toEqual(["edge-fw"]);
    // The owner's own project runs nothing on it, and cannot see beta's servers.
    expect(await listServers(alpha.nova, { imageId: pfsense.id })).toEqual([]);
  });

  it("offers the flavors a project may boot with", async () => {
    const flavors = await listFlavors(beta.nova);
    expect(flavors.map((f) => f.name).sort()).toEqual(["m1.medium", "m1.small", "m1.tiny"]);
    expect(flavors.find((f) => f.name === "m1.tiny")).toMatchObject({ diskGiB: 1, ramMiB: 512 });
  });

  it("boots a shared image in the consumer project, and its snapshot is an active image with the same bytes", async () => {
    const image = await sharedWithBeta();
    const server = await boot(beta.nova, image.id);
    expect(server).toMatchObject({
      status: "ACTIVE",
      imageId: image.id,
      projectId: projectId("beta"),
    });
    const cli = await openstackCli<{ image: string; status: string }>("beta", [
      "server",
      "show",
      server.id,
    ]);
    expect(cli.status).toBe("ACTIVE");
    expect(cli.image).toContain(image.id);

    const snapshotId = await snapshotServer(beta.nova, server.id, {
      name: `${server.name}-snap`,
      metadata: { recorded_flavor: server.flavor.name },
    });
    janitor.track(beta.glance, snapshotId);
    const snapshot = await until(
      "snapshot active",
      () => getImage(beta.glance, snapshotId),
      (i) => i.status === "active" || i.status === "killed",
    );
    expect(snapshot).toMatchObject({
      status: "active",
      owner: projectId("beta"),
      hashValue: image.hashValue,
      diskFormat: "qcow2",
    });
    expect(snapshot.properties).toMatchObject({
      image_type: "snapshot",
      instance_uuid: server.id,
      base_image_ref: image.id,
      recorded_flavor: "m1.small",
    });
  });

  it("says in Nova's words why a boot is refused: a flavor smaller than the image's min_disk, an image not active", async () => {
    const image = await sharedWithBeta(5);
    const small = await openStackFailure(
      createServer(beta.nova, { name: "x", imageId: image.id, flavorId: "m1.tiny" }),
    );
    expect(small).toMatchObject({ code: "bad_request", upstreamStatus: 400, service: "nova" });
    expect(small.message).toMatch(
      /Flavor's disk is smaller than the minimum size specified in image metadata/,
    );

    const empty = await janitor.create(alpha.glance, { name: `nova-it-queued-${Date.now()}` });
    const queued = await openStackFailure(
      createServer(alpha.nova, { name: "x", imageId: empty.id, flavorId: "m1.small" }),
    );
    expect(queued.message).toMatch(/is not active/);
  });

  it("says a server that is gone is not found", async () => {
    const err = await openStackFailure(
      getServer(alpha.nova, "00000000-0000-0000-0000-000000000000"),
    );
    expect(err).toMatchObject({ code: "not_found", upstreamStatus: 404 });
    expect(err.message).toMatch(/could not be found/);
  });
});
