// What the Nova client asks and how it reads the answers, against a recording server:
// the request shapes Nova's API reference gives. Nova's behaviour itself is tested against
// the real one (nova.integration.test.ts).
import type { IncomingMessage, ServerResponse } from "node:http";

import { afterEach, describe, expect, it } from "vitest";

import { hostileServer, json, listedServer } from "@/lib/server/testing/hostile-server";

import {
  backupServer,
  createServer,
  deleteServer,
  getServer,
  listFlavors,
  listKeypairs,
  listServers,
  snapshotServer,
} from "./nova";

interface Asked {
  method: string;
  url: string;
  version: string | undefined;
  body: unknown;
}

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

/** A Nova at `/v2.1` that records each call after its version document and answers with `reply`. */
async function recordingNova(reply: (asked: Asked, res: ServerResponse) => void) {
  const asked: Asked[] = [];
  let versionReads = 0;
  const upstream = await hostileServer(async (req: IncomingMessage, res) => {
    if (req.url === "/v2.1") {
      versionReads++;
      return json(res, { version: { id: "v2.1", version: "2.93", min_version: "2.1" } });
    }
    let text = "";
    for await (const chunk of req) text += String(chunk);
    const call: Asked = {
      method: req.method!,
      url: req.url!.replace(/^\/v2\.1/, ""),
      version: req.headers["openstack-api-version"] as string | undefined,
      body: text ? (JSON.parse(text) as unknown) : null,
    };
    asked.push(call);
    reply(call, res);
  });
  close = upstream.close;
  return {
    target: { endpoint: `${upstream.url}/v2.1`, token: "t" },
    asked,
    versionReads: () => versionReads,
  };
}

describe("the Nova client's requests", () => {
  it("boots with no network, the chosen image and flavor, and a key pair and metadata only when given", async () => {
    const nova = await recordingNova((_a, res) => json(res, { server: { id: "new-1" } }));
    expect(
      await createServer(nova.target, {
        name: "web-2",
        imageId: "img-1",
        flavorId: "m1.small",
        keyName: "ops",
        metadata: { role: "web" },
      }),
    ).toBe("new-1");
    await createServer(nova.target, { name: "bare", imageId: "img-1", flavorId: "m1.tiny" });
    expect(nova.asked).toEqual([
      {
        method: "POST",
        url: "/servers",
        version: "compute 2.79",
        body: {
          server: {
            name: "web-2",
            imageRef: "img-1",
            flavorRef: "m1.small",
            networks: "none",
            key_name: "ops",
            metadata: { role: "web" },
          },
        },
      },
      {
        method: "POST",
        url: "/servers",
        version: "compute 2.79",
        body: {
          server: { name: "bare", imageRef: "img-1", flavorRef: "m1.tiny", networks: "none" },
        },
      },
    ]);
    // The version document is read once per endpoint.
    expect(nova.versionReads()).toBe(1);
  });

  it("snapshots and backs up with the metadata to record, and answers the new image's id", async () => {
    const nova = await recordingNova((_a, res) => json(res, { image_id: "image-9" }));
    expect(await snapshotServer(nova.target, "srv/1", { name: "snap", metadata: { a: "1" } })).toBe(
      "image-9",
    );
    await snapshotServer(nova.target, "srv-2", { name: "plain" });
    expect(
      await backupServer(nova.target, "srv-3", { name: "nightly", type: "daily", rotation: 3 }),
    ).toBe("image-9");
    expect(nova.asked.map((a) => [a.method, a.url, a.body])).toEqual([
      ["POST", "/servers/srv%2F1/action", { createImage: { name: "snap", metadata: { a: "1" } } }],
      ["POST", "/servers/srv-2/action", { createImage: { name: "plain", metadata: {} } }],
      [
        "POST",
        "/servers/srv-3/action",
        { createBackup: { name: "nightly", backup_type: "daily", rotation: 3, metadata: {} } },
      ],
    ]);
  });

  it("deletes a server by its id", async () => {
    const nova = await recordingNova((_a, res) => {
      res.writeHead(204);
      res.end();
    });
    await deleteServer(nova.target, "srv-1");
    expect(nova.asked.map((a) => `${a.method} ${a.url}`)).toEqual(["DELETE /servers/srv-1"]);
  });

  it("pages through servers with markers, filtered by image, until no next link", async () => {
    const nova = await recordingNova((a, res) => {
      const marker = new URL(a.url, "http://x").searchParams.get("marker");
      if (!marker)
        return json(res, {
          servers: [listedServer("s1"), listedServer("s2")],
          servers_links: [{ rel: "next", href: "/v2.1/servers/detail?marker=s2" }],
        });
      return json(res, { servers: [listedServer("s3")], servers_links: [] });
    });
    const servers = await listServers(nova.target, { imageId: "img-1" });
    expect(servers.map((s) => s.id)).toEqual(["s1", "s2", "s3"]);
    expect(nova.asked.map((a) => a.url)).toEqual([
      "/servers/detail?limit=1000&image=img-1",
      "/servers/detail?limit=1000&image=img-1&marker=s2",
    ]);
  });

  it("stops at an empty page even if it offers a next one", async () => {
    const nova = await recordingNova((_a, res) =>
      json(res, { servers: [], servers_links: [{ rel: "next", href: "/v2.1/servers/detail" }] }),
    );
    expect(await listServers(nova.target)).toEqual([]);
    expect(nova.asked.map((a) => a.url)).toEqual(["/servers/detail?limit=1000"]);
  });

  it("reads a server as the pages show it: its image or none, flavor, fault, task, groups once", async () => {
    const nova = await recordingNova((_a, res) =>
      json(res, {
        server: listedServer("s1", {
          image: "",
          status: "ERROR",
          key_name: "ops",
          metadata: { role: "db" },
          security_groups: [{ name: "default" }, { name: "web" }, { name: "default" }],
          fault: { message: "No valid host was found.", code: 500 },
          "OS-EXT-STS:task_state": "image_uploading",
        }),
      }),
    );
    expect(await getServer(nova.target, "s1")).toEqual({
      id: "s1",
      name: "server-s1",
      status: "ERROR",
      taskState: "image_uploading",
      projectId: "p1",
      userId: "u1",
      createdAt: "2026-11-01T00:00:00Z",
      imageId: null,
      flavor: { name: "m1.small", vcpus: 1, ramMiB: 2048, diskGiB: 20 },
      keyName: "ops",
      metadata: { role: "db" },
      securityGroups: ["default", "web"],
      fault: "No valid host was found.",
    });
    expect(nova.asked.map((a) => `${a.method} ${a.url}`)).toEqual(["GET /servers/s1"]);
  });

  it("reads a running server booted from an image, with nothing else said", async () => {
    const nova = await recordingNova((_a, res) => json(res, { server: listedServer("s2") }));
    expect(await getServer(nova.target, "s2")).toMatchObject({
      imageId: "img-1",
      taskState: null,
      keyName: null,
      metadata: {},
      securityGroups: [],
      fault: null,
    });
  });

  it("lists flavors and key pairs by the names a person picks", async () => {
    const nova = await recordingNova((a, res) =>
      a.url === "/flavors/detail"
        ? json(res, {
            flavors: [{ id: "f1", name: "m1.tiny", vcpus: 1, ram: 512, disk: 1 }],
          })
        : json(res, { keypairs: [{ keypair: { name: "ops", fingerprint: "aa" } }] }),
    );
    expect(await listFlavors(nova.target)).toEqual([
      { id: "f1", name: "m1.tiny", vcpus: 1, ramMiB: 512, diskGiB: 1 },
    ]);
    expect(await listKeypairs(nova.target)).toEqual(["ops"]);
    expect(nova.asked.map((a) => a.url)).toEqual(["/flavors/detail", "/os-keypairs"]);
  });
});
