import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { imageListQuerySchema } from "@/lib/schemas/images";
import { ProjectContext } from "@/lib/server/core/context";
import { listImagesPage } from "@/lib/server/images/service";
import { listInstances } from "@/lib/server/instances/service";
import { MemoryJar, SessionStore } from "@/lib/server/session";
import { hostileServer, json, listedImage } from "@/lib/server/testing/hostile-server";

import { connect } from "./connect";

const SECRET = "a-test-secret-that-is-at-least-32-characters-long";
const TOKEN = "gAAAA-hostile-keystone-token";
const PROJECT_ID = "0123456789abcdef0123456789abcdef";

// A service on the dashboard's own machine that a hostile catalog points at: it must
// never hear from the dashboard, let alone receive a token.
const internal = await hostileServer((req, res) =>
  json(res, { images: [listedImage("internal")] }),
);

/**
 * A Keystone that accepts any login and hands out a catalog naming addresses the dashboard
 * must not call with the person's token: another loopback port, the metadata service in
 * two notations. One image endpoint is its own host, the only one that may be used.
 */
const keystone = await hostileServer(async (req, res) => {
  if (req.url?.startsWith("/image/"))
    return json(res, { images: [listedImage("11111111-1111-4111-8111-111111111111", PROJECT_ID)] });
  if (req.url === "/compute/v2.1")
    return json(res, { version: { id: "v2.1", version: "2.93", min_version: "2.1" } });
  if (req.url?.startsWith("/compute/v2.1/servers")) return json(res, { servers: [] });
  const ownHost = `http://localhost:${new URL(keystone.url).port}`;
  const catalog = [
    {
      type: "image",
      endpoints: [
        { interface: "public", region_id: "Loopback", url: internal.url },
        { interface: "public", region_id: "Metadata", url: "http://169.254.169.254/latest/" },
        { interface: "public", region_id: "Mapped", url: "http://[::ffff:a9fe:a9fe]/" },
        { interface: "public", region_id: "Own", url: `${ownHost}/image` },
      ],
    },
    {
      type: "compute",
      endpoints: [
        { interface: "public", region_id: "Loopback", url: `${internal.url}/v2.1` },
        { interface: "public", region_id: "Metadata", url: "http://169.254.169.254/v2.1" },
        { interface: "public", region_id: "Own", url: `${ownHost}/compute/v2.1` },
      ],
    },
  ];
  const now = new Date();
  const token = {
    methods: ["password"],
    issued_at: now.toISOString(),
    expires_at: new Date(now.getTime() + 3600_000).toISOString(),
    user: { id: "u1", name: "alice", domain: { id: "default", name: "Default" } },
    project: { id: PROJECT_ID, name: "victim", domain: { id: "default", name: "Default" } },
    roles: [{ id: "r1", name: "member" }],
    catalog,
  };
  if (req.url === "/v3/auth/catalog") return json(res, { catalog });
  res.writeHead(201, { "Content-Type": "application/json", "X-Subject-Token": TOKEN });
  res.end(JSON.stringify({ token }));
});

beforeAll(() => {
  vi.stubEnv("GLANCE_SHARE_ALLOW_CUSTOM_AUTH_URL", "true");
  internal.requests.length = 0;
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all([internal.close(), keystone.close()]);
});

describe("a hostile Keystone's catalog", () => {
  it("cannot send the dashboard, with the person's token, to a loopback port or the metadata service, for images or servers", async () => {
    const jar = new MemoryJar();
    const context = () =>
      new ProjectContext(new SessionStore(jar, { secret: SECRET, secure: false }));
    const authUrl = `http://localhost:${new URL(keystone.url).port}/v3`;

    const dto = await connect(
      context(),
      {
        method: "password",
        cloud: "custom",
        authUrl,
        username: "alice",
        userDomain: "Default",
        password: "pw",
        project: "victim",
        projectDomain: "Default",
      },
      null,
    );
    // Only the endpoint on the Keystone's own host is kept.
    expect(dto.regions).toEqual(["Own"]);

    // A later request (the endpoints looked up again from the catalog) lists through it only.
    const list = await listImagesPage(context(), imageListQuerySchema.parse({ tab: "owned" }));
    expect(list.failures).toEqual([]);
    expect(list.images.map((i) => i.source.region)).toEqual(["Own"]);

    // The same for Nova: the servers of the one region on the Keystone's own host.
    const instances = await listInstances(context(), { connection: "all", region: "all" });
    expect(instances.failures).toEqual([]);
    expect(keystone.requests.filter((r) => r.startsWith("GET /compute/"))).toEqual([
      "GET /compute/v2.1",
      "GET /compute/v2.1/servers/detail?limit=1000",
    ]);

    expect(internal.requests).toEqual([]);
    expect(keystone.requests.filter((r) => r.startsWith("GET /image/"))).toHaveLength(1);
  });
});
