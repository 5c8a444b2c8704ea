// Against the local cloud's real Glance (scripts/local-cloud up, freshly reset).
// Where a test changes state, the `openstack` CLI confirms what Glance now says.
import { createHash, randomBytes, randomUUID } from "node:crypto";

import { afterEach, beforeAll, describe, expect, it } from "vitest";

import { openStackFailure } from "@/lib/server/testing/failures";
import { brokenImportSource } from "@/scripts/testing/import-source";
import { glanceIn, imageJanitor, loginAs, projectId } from "@/scripts/testing/local-cloud";
import { openstackCli } from "@/scripts/testing/openstack-cli";

import {
  addMember,
  getImage,
  getMember,
  importImage,
  listAllImages,
  listAllImagesAndHidden,
  listImportTasks,
  listMembers,
  openImageData,
  removeMember,
  setImageHidden,
  setImageProperty,
  setImageVisibility,
  updateMemberStatus,
  uploadImageData,
  type GlanceTarget,
} from "./glance";

type CliMember = { "Member ID": string; Status: string };

let alpha: GlanceTarget;
let beta: GlanceTarget;
let gamma: GlanceTarget;
let reader: GlanceTarget;
const janitor = imageJanitor();

beforeAll(async () => {
  const [a, b, g, r] = await Promise.all([
    loginAs("alpha-member", "alpha"),
    loginAs("beta-member", "beta"),
    loginAs("gamma-member", "gamma"),
    loginAs("alpha-reader", "alpha"),
  ]);
  [alpha, beta, gamma, reader] = [glanceIn(a), glanceIn(b), glanceIn(g), glanceIn(r)];
});
afterEach(() => janitor.cleanup());

describe("one image", () => {
  it("has every field a person checks before trusting it, as the CLI reports them", async () => {
    const [seeded] = await listAllImages(alpha, { name: "pfsense-2.7.2-backup" });
    const image = await getImage(alpha, seeded!.id);
    expect(image).toMatchObject({
      name: "pfsense-2.7.2-backup",
      owner: projectId("alpha"),
      status: "active",
      visibility: "shared",
      size: 96 * 1024,
      minDisk: 8,
      minRam: 1024,
      diskFormat: "qcow2",
      containerFormat: "bare",
      protected: false,
      hashAlgo: "sha512",
    });
    expect(image.tags.sort()).toEqual(["backup", "firewall"]);
    expect(image.properties).toMatchObject({ os_distro: "pfsense" });
    expect(image.hashValue).toMatch(/^[0-9a-f]{128}$/);
    const cli = await openstackCli<{
      checksum: string;
      os_hash_value?: string;
      properties?: Record<string, string>;
    }>("alpha", ["image", "show", image.id]);
    expect(image.checksum).toBe(cli.checksum);
  });

  it("computes size and checksum from uploaded data", async () => {
    const created = await janitor.create(alpha, { name: "uploaded" });
    expect(created.status).toBe("queued");
    const data = new TextEncoder().encode("hello glance");
    await uploadImageData(alpha, created.id, data);
    const image = await getImage(alpha, created.id);
    expect(image.status).toBe("active");
    expect(image.size).toBe(12);
    expect(image.checksum).toBe(createHash("md5").update(data).digest("hex"));
    expect(image.hashValue).toBe(createHash("sha512").update(data).digest("hex"));
  });

  it("relays an image's data as a stream, byte for byte; an image without data has none", async () => {
    const created = await janitor.create(alpha, { name: "relayed" });
    expect(await openImageData(alpha, created.id)).toBeNull();
    const data = randomBytes(3 * 1024 * 1024 + 17);
    await uploadImageData(alpha, created.id, data);
    const chunks: Buffer[] = [];
    for await (const chunk of (await openImageData(alpha, created.id))!)
      chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
    expect((await openStackFailure(openImageData(alpha, randomUUID()))).code).toBe("not_found");
  });

  it("lists a failed web-download import with Glance's reason, its source without the query, to the owner only", async () => {
    const source = await brokenImportSource();
    try {
      const created = await janitor.create(alpha, { name: "import-fails" });
      await importImage(alpha, created.id, {
        name: "web-download",
        uri: source.url("/disk.raw?signature=s3cret"),
      });
      let tasks = await listImportTasks(alpha, created.id);
      for (let i = 0; i < 100 && tasks[0]?.status !== "failure"; i++) {
        await new Promise((r) => setTimeout(r, 200));
        tasks = await listImportTasks(alpha, created.id);
      }
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({
        status: "failure",
        method: "web-download",
        source: source.url("/disk.raw"),
      });
      expect(tasks[0]!.message).toMatch(/\w/);
      expect(JSON.stringify(tasks)).not.toContain("s3cret");
      expect(source.requests()).toBeGreaterThan(0);
      // Nothing arrived: the image waits for data, as the CLI says too.
      expect((await getImage(alpha, created.id)).status).toBe("queued");
      expect(
        (await openstackCli<{ status: string }>("alpha", ["image", "show", created.id])).status,
      ).toBe("queued");
      expect((await openStackFailure(listImportTasks(beta, created.id))).code).toBe("not_found");
    } finally {
      await source.close();
    }
  });

  it("answers not_found for an image that does not exist or is not visible", async () => {
    const err = await openStackFailure(getImage(alpha, randomUUID()));
    expect(err).toMatchObject({ code: "not_found", upstreamStatus: 404 });
    const [gammaPrivate] = await listAllImages(gamma, { name: "alpine-3.20-minimal" });
    expect((await openStackFailure(getImage(alpha, gammaPrivate!.id))).code).toBe("not_found");
  });
});

describe("changing an image", () => {
  it("hides an image from lists and shows it again; a hidden image is only in the hidden listing", async () => {
    const image = await janitor.create(alpha, {
      name: `hidden-${randomUUID()}`,
      visibility: "shared",
    });
    expect((await setImageHidden(alpha, image.id, true)).hidden).toBe(true);
    // The CLI prints os_hidden among the properties.
    const hiddenByCli = async () =>
      (
        await openstackCli<{ properties: { os_hidden: boolean } }>("alpha", [
          "image",
          "show",
          image.id,
        ])
      ).properties.os_hidden;
    expect(await hiddenByCli()).toBe(true);
    expect((await listAllImages(alpha, { name: image.name! })).map((i) => i.id)).toEqual([]);
    expect(
      (await listAllImages(alpha, { name: image.name!, hidden: true })).map((i) => i.id),
    ).toEqual([image.id]);
    expect(
      (await listAllImagesAndHidden(alpha, { owner: projectId("alpha") })).map((i) => i.id),
    ).toContain(image.id);
    expect((await setImageHidden(alpha, image.id, false)).hidden).toBe(false);
    expect(await hiddenByCli()).toBe(false);
  });

  it("sets a property, and sets it again over the old value", async () => {
    const image = await janitor.create(alpha, { name: "with-predecessor" });
    const first = randomUUID();
    const second = randomUUID();
    expect(
      (await setImageProperty(alpha, image.id, "predecessor_id", first)).properties.predecessor_id,
    ).toBe(first);
    expect(
      (await setImageProperty(alpha, image.id, "predecessor_id", second)).properties.predecessor_id,
    ).toBe(second);
    const cli = await openstackCli<{ properties?: Record<string, string> }>("alpha", [
      "image",
      "show",
      image.id,
    ]);
    expect(cli.properties?.predecessor_id).toBe(second);
  });

  it("refuses a change by a project that does not own the image", async () => {
    const [seeded] = await listAllImages(alpha, { name: "pfsense-2.7.2-backup" });
    expect((await openStackFailure(setImageHidden(beta, seeded!.id, true))).code).toBe("not_owner");
  });
});

describe("members", () => {
  it("runs the guide's lifecycle: invite, accept, audit, remove", async () => {
    const image = await janitor.create(alpha, { name: "lifecycle", visibility: "shared" });
    const betaId = projectId("beta");

    const invited = await addMember(alpha, image.id, betaId);
    expect(invited).toMatchObject({ imageId: image.id, memberId: betaId, status: "pending" });
    expect(
      await openstackCli<CliMember[]>("alpha", ["image", "member", "list", image.id]),
    ).toMatchObject([{ "Member ID": betaId, Status: "pending" }]);

    const accepted = await updateMemberStatus(beta, image.id, betaId, "accepted");
    expect(accepted.status).toBe("accepted");
    expect(await getMember(alpha, image.id, betaId)).toMatchObject({ status: "accepted" });
    expect(
      await openstackCli<CliMember[]>("alpha", ["image", "member", "list", image.id]),
    ).toMatchObject([{ "Member ID": betaId, Status: "accepted" }]);
    expect((await listAllImages(beta, {})).map((i) => i.id)).toContain(image.id);

    await removeMember(alpha, image.id, betaId);
    expect(await openstackCli<CliMember[]>("alpha", ["image", "member", "list", image.id])).toEqual(
      [],
    );
    expect((await openStackFailure(getImage(beta, image.id))).code).toBe("not_found");
  });

  it("lets the member move between statuses in any direction", async () => {
    const image = await janitor.create(alpha, { name: "statuses", visibility: "shared" });
    const betaId = projectId("beta");
    await addMember(alpha, image.id, betaId);
    for (const status of ["rejected", "accepted", "pending", "accepted"] as const) {
      expect((await updateMemberStatus(beta, image.id, betaId, status)).status).toBe(status);
    }
    expect(
      await openstackCli<CliMember[]>("beta", ["image", "member", "list", image.id]),
    ).toMatchObject([{ "Member ID": betaId, Status: "accepted" }]);
  });

  it("shows a member only its own row", async () => {
    const image = await janitor.create(alpha, { name: "rows", visibility: "shared" });
    await addMember(alpha, image.id, projectId("beta"));
    await addMember(alpha, image.id, projectId("gamma"));
    expect((await listMembers(alpha, image.id)).map((m) => m.memberId).sort()).toEqual(
      [projectId("beta"), projectId("gamma")].sort(),
    );
    expect((await listMembers(beta, image.id)).map((m) => m.memberId)).toEqual([projectId("beta")]);
  });

  it("names each refusal with a stable code and a sentence", async () => {
    const image = await janitor.create(alpha, { name: "refusals", visibility: "shared" });
    const betaId = projectId("beta");
    await addMember(alpha, image.id, betaId);

    const duplicate = await openStackFailure(addMember(alpha, image.id, betaId));
    expect(duplicate).toMatchObject({ code: "already_member", upstreamStatus: 409 });

    const ownerAccepts = await openStackFailure(
      updateMemberStatus(alpha, image.id, betaId, "accepted"),
    );
    expect(ownerAccepts).toMatchObject({ code: "not_member", upstreamStatus: 403 });
    expect(ownerAccepts.message).toBe(
      "Only the invited project itself may accept or reject an invitation.",
    );

    const memberRemoves = await openStackFailure(removeMember(beta, image.id, betaId));
    expect(memberRemoves).toMatchObject({ code: "not_owner", upstreamStatus: 403 });

    const readerInvites = await openStackFailure(addMember(reader, image.id, projectId("gamma")));
    expect(readerInvites).toMatchObject({ code: "not_owner", upstreamStatus: 403 });
    expect(readerInvites.message).toBe(
      "Only a member of the image's owner project may invite other projects to it.",
    );

    const strangerAccepts = await openStackFailure(
      updateMemberStatus(gamma, image.id, projectId("gamma"), "accepted"),
    );
    expect(strangerAccepts.code).toBe("not_member");

    const publicize = await openStackFailure(setImageVisibility(alpha, image.id, "public"));
    expect(publicize).toMatchObject({ code: "forbidden", upstreamStatus: 403 });
    expect(publicize.message).toMatch(/cloud administrator/);

    expect(
      await openstackCli<CliMember[]>("alpha", ["image", "member", "list", image.id]),
    ).toMatchObject([{ "Member ID": betaId, Status: "pending" }]);
  });

  it("accepts any string as a member id (Glance never checks it against Keystone)", async () => {
    const image = await janitor.create(alpha, { name: "bogus-member", visibility: "shared" });
    expect(await addMember(alpha, image.id, "not-a-project")).toMatchObject({
      memberId: "not-a-project",
      status: "pending",
    });
    expect(
      await openstackCli<CliMember[]>("alpha", ["image", "member", "list", image.id]),
    ).toMatchObject([{ "Member ID": "not-a-project", Status: "pending" }]);
  });

  it("hides members while the image is private and restores them, statuses kept, when shared again", async () => {
    const image = await janitor.create(alpha, { name: "private-toggle", visibility: "shared" });
    const betaId = projectId("beta");
    await addMember(alpha, image.id, betaId);
    await updateMemberStatus(beta, image.id, betaId, "accepted");

    expect((await setImageVisibility(alpha, image.id, "private")).visibility).toBe("private");
    expect(
      await openstackCli<{ visibility: string }>("alpha", ["image", "show", image.id]),
    ).toMatchObject({ visibility: "private" });
    expect(await openStackFailure(listMembers(alpha, image.id))).toMatchObject({
      code: "not_shared",
      upstreamStatus: 403,
    });
    expect(await openStackFailure(getMember(alpha, image.id, betaId))).toMatchObject({
      code: "not_shared",
      upstreamStatus: 404,
    });
    expect(await openStackFailure(addMember(alpha, image.id, projectId("gamma")))).toMatchObject({
      code: "not_shared",
      upstreamStatus: 403,
    });
    expect((await openStackFailure(getImage(beta, image.id))).code).toBe("not_found");

    await setImageVisibility(alpha, image.id, "shared");
    expect(await listMembers(alpha, image.id)).toMatchObject([
      { memberId: betaId, status: "accepted" },
    ]);
    expect((await getImage(beta, image.id)).id).toBe(image.id);
    expect(
      await openstackCli<CliMember[]>("beta", ["image", "member", "list", image.id]),
    ).toMatchObject([{ "Member ID": betaId, Status: "accepted" }]);
  });

  it("refuses members beyond the cloud's member quota with member_quota", async () => {
    const image = await janitor.create(alpha, { name: "crowded", visibility: "shared" });
    const ids = Array.from({ length: 128 }, (_, i) => `quota-member-${i}`);
    for (let i = 0; i < ids.length; i += 16) {
      await Promise.all(ids.slice(i, i + 16).map((id) => addMember(alpha, image.id, id)));
    }
    const err = await openStackFailure(addMember(alpha, image.id, "one-too-many"));
    expect(err).toMatchObject({ code: "member_quota", upstreamStatus: 413 });
    expect(err.message).not.toMatch(/<|>/);
    expect(await listMembers(alpha, image.id)).toHaveLength(128);
  });
});
