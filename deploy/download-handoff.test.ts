// Image downloads nginx fetches from Glance itself (deploy/nginx/download-handoff.conf): a
// production instance behind Debian's nginx, with the repository's own settings, checks the
// session and hands the bytes over; checked against what the `openstack` CLI says of the
// image. Needs `npm run build` and the local cloud.
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createImage, deleteImage, uploadData } from "../e2e/support/glance";
import { cloudDir } from "../scripts/seed/cloud-file";
import { openstackCli, type CliImage } from "../scripts/testing/openstack-cli";
import { startProxiedInstances, type ProxiedInstances } from "../scripts/testing/proxied-instances";

const PROXY_PORT = 3230;
const INSTANCE_PORT = 3231;
const SECRET = "handoff-test-secret-4f7a9c2e8b1d6053";
let proxied: ProxiedInstances;
let image: { id: string; data: Buffer };

beforeAll(async () => {
  const data = randomBytes(3 * 2 ** 20 + 17);
  const id = await createImage("alpha", { name: `handoff-${Date.now()}` });
  image = { id, data };
  await uploadData("alpha", id, data);
  proxied = await startProxiedInstances({
    proxyPort: PROXY_PORT,
    ports: [INSTANCE_PORT],
    handOffSecret: SECRET,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      SESSION_SECRET: "deploy-test-secret-8c1f5e9a2b7d4c6e0f3a9b8d",
      GLANCE_SHARE_PRESETS: "local",
      OS_CLIENT_CONFIG_FILE: "",
    },
  });
}, 120_000);

afterAll(async () => {
  await proxied?.stop();
  if (image) await deleteImage("alpha", image.id);
});

const stored = (id: string) => path.join(cloudDir(), "glance-0", "images", id);
const md5 = (b: Buffer) => createHash("md5").update(b).digest("hex");

describe("downloads behind nginx", () => {
  it("nginx fetches the bytes from Glance itself, and the browser gets them and nothing Glance or the instance said besides", async () => {
    const browser = proxied.browser();
    const connection = await browser.session.connect("alpha-member", "alpha");
    const path = `/api/images/${image.id}/file?connection=${connection}&region=RegionOne`;
    const cli = await openstackCli<CliImage>("alpha", ["image", "show", image.id]);

    // Through nginx, as a browser: the whole file, its length and hash, the instance's name for it.
    const res = await fetch(`${proxied.origin}${path}`, {
      headers: { Cookie: browser.session.cookieHeader(), "X-Glance-Share-Handoff": "guessed" },
    });
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.length).toBe(cli.size);
    expect(md5(body)).toBe(cli.checksum);
    expect(body.equals(image.data)).toBe(true);
    expect(res.headers.get("content-length")).toBe(String(cli.size));
    expect(res.headers.get("x-image-hash")).toBe(`sha512=${cli.properties.os_hash_value}`);
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename=.*handoff-/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    // Neither the token nor where nginx went, nor anything of Glance's own answer.
    for (const name of [...res.headers.keys()])
      expect(name).not.toMatch(/^(x-glance-share|x-accel|x-openstack|content-md5|set-cookie)/);

    // That was nginx: the instance itself, asked as nginx asks, hands over and sends no byte...
    const asNginx = {
      Cookie: browser.session.cookieHeader(),
      "X-Forwarded-Host": `127.0.0.1:${PROXY_PORT}`,
      "X-Forwarded-Proto": "http",
    };
    const instance = `http://127.0.0.1:${INSTANCE_PORT}${path}`;
    const handed = await fetch(instance, {
      headers: { ...asNginx, "X-Glance-Share-Handoff": SECRET },
    });
    expect(handed.headers.get("x-accel-redirect")).toBe("/_glance_share/download");
    expect(handed.headers.get("x-glance-share-url")).toBe(
      `http://127.0.0.1:9292/v2/images/${image.id}/file`,
    );
    expect((await handed.arrayBuffer()).byteLength).toBe(0);
    // ...and asked without the secret, or with another, relays the bytes and hands nothing over.
    for (const other of [{}, { "X-Glance-Share-Handoff": `${SECRET}x` }] as Record<
      string,
      string
    >[]) {
      const relayed = await fetch(instance, { headers: { ...asNginx, ...other } });
      expect(relayed.headers.get("x-accel-redirect")).toBeNull();
      expect(relayed.headers.get("x-glance-share-token")).toBeNull();
      expect(md5(Buffer.from(await relayed.arrayBuffer()))).toBe(cli.checksum);
    }
  });

  it("keeps nginx's own location out of reach, and refuses a download without a session as the instance does", async () => {
    const probe = await fetch(`${proxied.origin}/_glance_share/download`);
    expect(probe.status).toBe(404);
    expect(await probe.text()).toBe("This image is no longer in Glance.\n");
    const anonymous = await fetch(
      `${proxied.origin}/api/images/${image.id}/file?connection=none&region=RegionOne`,
    );
    expect(anonymous.status).toBeGreaterThanOrEqual(400);
    expect(anonymous.headers.get("content-type")).toContain("application/json");
    expect(anonymous.headers.get("x-accel-redirect")).toBeNull();
  });

  it("says so in a sentence when Glance does not send the data after all, and passes none of its answer on", async () => {
    // An image Glance calls active whose file in its store cannot be read (a folder in its
    // place): the instance, which reads only the record, hands over; Glance then fails (500).
    const id = await createImage("alpha", { name: `handoff-lost-${Date.now()}` });
    try {
      await uploadData("alpha", id, randomBytes(4096));
      rmSync(stored(id));
      mkdirSync(stored(id));
      const browser = proxied.browser();
      const connection = await browser.session.connect("alpha-member", "alpha");
      const res = await fetch(
        `${proxied.origin}/api/images/${id}/file?connection=${connection}&region=RegionOne`,
        { headers: { Cookie: browser.session.cookieHeader() } },
      );
      expect(res.status).toBe(502);
      expect(res.headers.get("content-type")).toContain("text/plain");
      expect(await res.text()).toBe(
        "Glance did not send the image's data. Try again; if it goes on, ask your cloud's support.\n",
      );
      for (const name of [...res.headers.keys()])
        expect(name).not.toMatch(/^(x-glance-share|x-accel|x-openstack|content-disposition)/);
    } finally {
      rmSync(stored(id), { recursive: true, force: true });
      await deleteImage("alpha", id);
    }
  });
});
