// The instances list on the real cloud: whose image each server runs on, as its project can
// read it, checked with the CLI.
import { randomBytes } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  addMember,
  listAllImages,
  removeMember,
  updateMemberStatus,
  uploadImageData,
} from "@/lib/openstack/glance";
import { createServer, deleteServer, getServer } from "@/lib/openstack/nova";
import { seededLogins } from "@/lib/server/testing/browser";
import { glanceIn, imageJanitor, novaIn, projectId } from "@/scripts/testing/local-cloud";
import { openstackCli } from "@/scripts/testing/openstack-cli";

import { serversOnImage } from "./image-servers";
import { listInstances } from "./service";

process.env.GLANCE_SHARE_PRESETS = "local";

const logins = seededLogins({ alpha: ["alpha-member", "alpha"], beta: ["beta-member", "beta"] });
const janitor = imageJanitor();
const servers: string[] = [];
beforeAll(() => logins.login());
afterAll(async () => {
  const nova = novaIn(logins.tokens.beta!);
  await Promise.allSettled(servers.map((id) => deleteServer(nova, id)));
  await janitor.cleanup();
});

describe("who runs on an image", () => {
  it("names each member's servers where it is connected, and says 'cannot tell' where it is not", async () => {
    const alpha = glanceIn(logins.tokens.alpha!);
    const [pfsense] = await listAllImages(alpha, { name: "pfsense-2.7.2-backup" });
    const browser = await logins.browserWith("alpha", "beta");
    const usage = await serversOnImage(
      browser,
      { connection: "alpha", region: "RegionOne" },
      pfsense!.id,
    );
    const byName = Object.fromEntries(usage.projects.map((p) => [p.projectName ?? p.projectId, p]));
    // Seeded: beta accepted (edge-fw runs on it), partner pending and not connected here.
    expect(byName.alpha).toMatchObject({ isOwner: true, connected: true, servers: [] });
    expect(byName.beta).toMatchObject({
      isOwner: false,
      connected: true,
      servers: [{ name: "edge-fw", status: "ACTIVE" }],
    });
    expect(byName[projectId("partner")]).toMatchObject({ connected: false, servers: null });
    const cli = await openstackCli<{ Name: string }[]>("beta", [
      "server",
      "list",
      "--image",
      pfsense!.id,
    ]);
    expect(cli.map((s) => s.Name)).toEqual(["edge-fw"]);
  });
});

describe("the instances list", () => {
  it("says when a server's image was taken away from its project, while the server still runs", async () => {
    const alpha = glanceIn(logins.tokens.alpha!);
    const beta = glanceIn(logins.tokens.beta!);
    const nova = novaIn(logins.tokens.beta!);
    const image = await janitor.create(alpha, {
      name: `instances-it-${Date.now()}`,
      visibility: "shared",
    });
    await uploadImageData(alpha, image.id, randomBytes(4096));
    await addMember(alpha, image.id, projectId("beta"));
    await updateMemberStatus(beta, image.id, projectId("beta"), "accepted");
    const id = await createServer(nova, {
      name: "instances-it",
      imageId: image.id,
      flavorId: "m1.tiny",
    });
    servers.push(id);
    for (let s = await getServer(nova, id); s.status === "BUILD"; s = await getServer(nova, id))
      await new Promise((r) => setTimeout(r, 300));

    const browser = await logins.browserWith("alpha", "beta");
    const row = async () =>
      (await listInstances(browser, { connection: "all", region: "RegionOne" })).instances.find(
        (i) => i.id === id,
      );
    expect(await row()).toMatchObject({
      status: "ACTIVE",
      source: { projectName: "beta", region: "RegionOne" },
      image: { id: image.id, name: image.name, ownerName: "alpha", dependency: "shared" },
    });

    await removeMember(alpha, image.id, projectId("beta"));
    const after = await listInstances(await logins.browserWith("alpha", "beta"), {
      connection: "all",
      region: "RegionOne",
    });
    expect(after.instances.find((i) => i.id === id)).toMatchObject({
      status: "ACTIVE",
      image: { id: image.id, name: null, owner: null, dependency: "gone" },
    });
    // What Nova says: the server still runs, on an image beta can no longer see.
    const cli = await openstackCli<{ status: string; image: string }>("beta", [
      "server",
      "show",
      id,
    ]);
    expect(cli.status).toBe("ACTIVE");
    await expect(openstackCli("beta", ["image", "show", image.id])).rejects.toThrow(
      /No Image found|Could not find/,
    );
  });
});
