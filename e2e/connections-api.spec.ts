import { readFile } from "node:fs/promises";
import path from "node:path";

import { sealData } from "iron-session";

import { cloudDir } from "../scripts/seed/cloud-file";
import { apiCall, connectWithPassword, rawCall, revocationEventsSince } from "./support/api";
import { cloud, DEMO_PASSWORD, openstackCli, withoutMemberRole } from "./support/local-cloud";
import { expect, test } from "./support/test";

const FERNET_TOKEN = /gAAAAA[\w-]{40,}/;

test("a state-changing request from another origin, or with no origin at all, is refused", async ({
  request,
}) => {
  const origins: Record<string, string>[] = [
    { Origin: "https://evil.example" },
    { Origin: "http://127.0.0.1:9999" },
    {},
  ];
  for (const headers of origins) {
    const res = await request.post("/api/projects", { headers, data: { method: "password" } });
    expect(res.status()).toBe(403);
    expect(await res.json()).toEqual({
      error: {
        code: "cross_origin",
        message: "This request came from another site and was refused.",
      },
    });
  }
  const del = await request.delete("/api/projects", {
    headers: { Origin: "https://evil.example" },
  });
  expect(del.status()).toBe(403);
});

test("a page served under another host name (DNS rebinding) can neither drive nor read the dashboard, even with a matching Origin: its API, health probe and pages answer 421", async ({
  context,
}) => {
  const rebind = { Host: "rebind.evil:3100", Origin: "http://rebind.evil:3100" };
  for (const [method, path] of [
    ["POST", "/api/projects"],
    ["GET", "/api/clouds"],
    ["GET", "/api/projects"],
    ["GET", "/api/health"],
  ] as const) {
    const res = await rawCall(context, method, path, rebind);
    expect(res.status, `${method} ${path}`).toBe(421);
    expect(JSON.parse(res.body)).toEqual({
      error: { code: "wrong_host", message: "This dashboard does not answer at this address." },
    });
  }
  // Pages too: the rebinding page cannot read the dashboard's own pages either.
  for (const path of ["/", "/images", "/projects/connect"]) {
    const res = await rawCall(context, "GET", path, rebind);
    expect(res.status, path).toBe(421);
    expect(res.body).toBe("This dashboard does not answer at this address.");
  }
});

test("a body bigger than 64 KB is refused with 413 before it is read whole", async ({
  request,
}) => {
  const res = await apiCall(request, "POST", "/api/projects", {
    method: "password",
    cloud: "local",
    username: "x".repeat(2_000_000),
  });
  expect(res.status()).toBe(413);
  expect((await res.json()).error.code).toBe("too_large");
});

test("after 5 refused passwords for one user, the next login is refused with 429 and Retry-After before Keystone is asked", async ({
  request,
}) => {
  const login = (username: string) =>
    apiCall(request, "POST", "/api/projects", {
      method: "password",
      cloud: "local",
      username,
      password: "wrong",
      project: "alpha",
    });
  const target = `spray-target-${Date.now()}`;
  for (let i = 0; i < 5; i++) expect((await login(target)).status()).toBe(401);
  const keystoneLogins = async () =>
    (await readFile(path.join(cloudDir(), "log", "keystone-wsgi.log"), "utf8")).split(
      "POST /v3/auth/tokens",
    ).length;
  const before = await keystoneLogins();
  const limited = await login(target);
  expect(limited.status()).toBe(429);
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
  expect((await limited.json()).error).toMatchObject({
    code: "rate_limited",
    message: expect.stringContaining(`Too many failed logins for Default/${target}`),
  });
  expect(await keystoneLogins()).toBe(before);
  // Everybody else still logs in.
  await connectWithPassword(request, "alpha-member", "alpha");
});

test("only configured clouds are reached: custom, loopback, link-local and unknown clouds are refused", async ({
  request,
}) => {
  const attempts = [
    { cloud: "custom", authUrl: "http://127.0.0.1:5000/v3" },
    { cloud: "custom", authUrl: "http://169.254.169.254/latest/meta-data" },
    { cloud: "nowhere" },
  ];
  for (const target of attempts) {
    const res = await apiCall(request, "POST", "/api/projects", {
      method: "password",
      ...target,
      username: "alpha-member",
      password: DEMO_PASSWORD,
      project: "alpha",
    });
    expect(res.status()).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("cloud_not_allowed");
  }
  const clouds = await (await request.get("/api/clouds")).json();
  expect(clouds).toMatchObject({
    allowCustomAuthUrl: false,
    clouds: [{ name: "local" }, { name: "ovh", authUrl: "https://auth.cloud.ovh.net/v3" }],
  });
});

test("invalid input is answered with the field's problem, not a crash", async ({ request }) => {
  const res = await apiCall(request, "POST", "/api/projects", {
    method: "password",
    cloud: "local",
    username: "",
    password: "x",
    project: "alpha",
  });
  expect(res.status()).toBe(400);
  expect(await res.json()).toEqual({
    error: { code: "validation", message: "Username is required" },
  });
  const notJson = await request.fetch("/api/projects", {
    method: "POST",
    data: "{oops",
    headers: { Origin: "http://127.0.0.1:3100", "Content-Type": "application/json" },
  });
  expect((await notJson.json()).error.code).toBe("validation");
});

test("a tampered or foreign session cookie is not accepted", async ({ browser, request }) => {
  await connectWithPassword(request, "alpha-member", "alpha");
  const [real] = (await request.storageState()).cookies.filter((c) =>
    c.name.startsWith("gs_conn_"),
  );
  expect(real).toBeDefined();
  expect(real!.httpOnly).toBe(true);
  expect(real!.sameSite).toBe("Lax");

  const tampered =
    real!.value.slice(0, 60) + (real!.value[60] === "A" ? "B" : "A") + real!.value.slice(61);
  const payload = {
    id: real!.name.slice(8),
    cloud: "local",
    authUrl: cloud.authUrl,
    token: "x",
    expiresAt: "2099-01-01T00:00:00Z",
    method: "password",
    user: { id: "u", name: "mallory", domainName: "Default" },
    project: { id: "p", name: "alpha", domainName: "Default" },
    roles: ["admin"],
  };
  const foreign = await sealData(payload, {
    password: "another-dashboards-secret-0123456789abcdef",
  });

  for (const value of [tampered, foreign]) {
    const context = await browser.newContext();
    await context.addCookies([{ ...real!, value }]);
    const res = await context.request.get("/api/projects");
    expect(res.status()).toBe(200);
    expect((await res.json()).connections).toEqual([]);
    await context.close();
  }
  const still = await request.get("/api/projects");
  expect((await still.json()).connections).toHaveLength(1);
});

test("no response body, page or cookie carries a token", async ({ page }) => {
  const bodies: string[] = [];
  page.on("response", async (res) => {
    if (res.url().startsWith("http://127.0.0.1")) bodies.push(await res.text().catch(() => ""));
  });
  await connectWithPassword(page.request, "alpha-member", "alpha");
  const discovery = await apiCall(page.request, "POST", "/api/projects/discover", {
    cloud: "local",
    username: "multi-member",
    password: DEMO_PASSWORD,
  });
  bodies.push(await discovery.text());
  const many = await apiCall(page.request, "POST", "/api/projects/discovered", {
    projectIds: [cloud.projects.beta!.id],
  });
  bodies.push(await many.text());
  for (const path of ["/projects", "/projects/connect", "/"]) await page.goto(path);
  bodies.push(await (await page.request.get("/api/projects")).text());

  expect(bodies.length).toBeGreaterThan(5);
  for (const body of bodies) {
    expect(body).not.toMatch(FERNET_TOKEN);
    expect(body).not.toContain('"token":');
    expect(body).not.toContain(DEMO_PASSWORD);
  }
  const cookies = await page.context().cookies();
  expect(cookies.length).toBeGreaterThanOrEqual(2);
  for (const c of cookies) {
    expect(c.httpOnly).toBe(true);
    expect(c.value).toMatch(/^Fe26\.2\*/);
    expect(c.value).not.toMatch(FERNET_TOKEN);
  }
  expect(await page.evaluate(() => document.cookie)).toBe("");
});

test("disconnecting revokes the project's token in Keystone; disconnect all revokes every one", async ({
  request,
}) => {
  const alpha = await connectWithPassword(request, "alpha-member", "alpha");
  await connectWithPassword(request, "beta-member", "beta");
  await connectWithPassword(request, "gamma-member", "gamma");

  // A recent window: Keystone prunes only expired events, and records revoked_at to the second.
  const since = new Date(Date.now() - 60_000);
  const before = await revocationEventsSince(since);
  expect((await apiCall(request, "DELETE", `/api/projects/${alpha.id}`)).status()).toBe(200);
  expect(await revocationEventsSince(since)).toBe(before + 1);
  const left = (await (await request.get("/api/projects")).json()).connections.map(
    (c: { project: { name: string } }) => c.project.name,
  );
  expect(left).toEqual(["beta", "gamma"]);

  expect((await apiCall(request, "DELETE", "/api/projects")).status()).toBe(200);
  expect(await revocationEventsSince(since)).toBe(before + 3);
  expect((await (await request.get("/api/projects")).json()).connections).toEqual([]);
  expect((await apiCall(request, "DELETE", `/api/projects/${alpha.id}`)).status()).toBe(404);
});

test("twelve projects stay connected at once; the thirteenth is refused with a clear message", async ({
  page,
}) => {
  const request = page.request;
  const discovery = await apiCall(request, "POST", "/api/projects/discover", {
    cloud: "local",
    username: "lab-member",
    password: DEMO_PASSWORD,
  });
  const projects = (await discovery.json()).projects as { id: string; name: string }[];
  expect(projects.map((p) => p.name)).toEqual(
    Array.from({ length: 10 }, (_, i) => `lab-${String(i + 1).padStart(2, "0")}`),
  );
  const many = await apiCall(request, "POST", "/api/projects/discovered", {
    projectIds: projects.map((p) => p.id),
  });
  expect((await many.json()).connected).toHaveLength(10);
  await connectWithPassword(request, "alpha-member", "alpha");
  await connectWithPassword(request, "beta-member", "beta");

  const refused = await apiCall(request, "POST", "/api/projects", {
    method: "password",
    cloud: "local",
    username: "gamma-member",
    password: DEMO_PASSWORD,
    project: "gamma",
  });
  expect(refused.status()).toBe(409);
  expect((await refused.json()).error).toEqual({
    code: "too_many_projects",
    message: "At most 12 projects can be connected at once. Disconnect one to connect gamma.",
  });

  const list = await (await request.get("/api/projects")).json();
  expect(list.connections).toHaveLength(12);
  expect(list.connections.every((c: { status: string }) => c.status === "active")).toBe(true);
  await page.goto("/projects");
  await expect(page.getByText("12 of at most 12 projects connected")).toBeVisible();
  await expect(
    page.getByText("Limit reached: disconnect a project to connect another."),
  ).toBeVisible();
  await expect(page.getByRole("row")).toHaveCount(13);
});

test("a revoked project's calls answer 401 token_expired; the other project's calls go on", async ({
  request,
}) => {
  const alpha = await connectWithPassword(request, "alpha-member", "alpha");
  const beta = await connectWithPassword(request, "beta-member", "beta");
  const images = (id: string, region = "RegionOne", tab = "owned") =>
    request.get(`/api/images?${new URLSearchParams({ connection: id, region, tab })}`);

  // Glance caches a token it has validated (5 minutes by default), so alpha's token is
  // not used before it is revoked: Glance itself must be the one to refuse it.
  await withoutMemberRole("alpha-member", "alpha", async () => {
    const refused = await images(alpha.id);
    expect(refused.status()).toBe(401);
    expect((await refused.json()).error).toEqual({
      code: "token_expired",
      message: "The session of alpha has expired or was revoked. Reconnect the project.",
    });
    const list = (await (await request.get("/api/projects")).json()).connections as {
      project: { name: string };
      status: string;
    }[];
    expect(list.map((c) => [c.project.name, c.status])).toEqual([
      ["alpha", "expired"],
      ["beta", "active"],
    ]);
    // Marked expired, alpha is refused by the dashboard itself from now on.
    const again = await images(alpha.id, "RegionTwo");
    expect(again.status()).toBe(401);
    expect((await again.json()).error.code).toBe("token_expired");

    // Beta still sees, in each region, exactly what the CLI shows it.
    for (const region of ["RegionOne", "RegionTwo"]) {
      // Glance's default listing is what the Owned, Shared with me and Public tabs hold together.
      const ours: string[] = [];
      for (const tab of ["owned", "shared", "public"]) {
        const res = await images(beta.id, region, tab);
        expect(res.status()).toBe(200);
        ours.push(...(await res.json()).images.map((i: { name: string }) => i.name));
      }
      ours.sort();
      const cli = await openstackCli<{ Name: string }[]>("beta", ["image", "list"], region);
      expect(ours).toEqual(cli.map((i) => i.Name).sort());
    }
  });
  const unknownRegion = await images(beta.id, "Atlantis");
  expect(unknownRegion.status()).toBe(404);
  expect((await unknownRegion.json()).error.code).toBe("no_endpoint");
});

test("one login's project list says which projects this user has connected already", async ({
  request,
}) => {
  await connectWithPassword(request, "multi-member", "alpha");
  const res = await apiCall(request, "POST", "/api/projects/discover", {
    cloud: "local",
    username: "multi-member",
    password: DEMO_PASSWORD,
  });
  const projects = (await res.json()).projects as { name: string; connected: boolean }[];
  expect(projects.map((p) => [p.name, p.connected])).toEqual([
    ["alpha", true],
    ["beta", false],
  ]);
});
