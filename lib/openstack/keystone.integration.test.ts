// Against the local cloud's real Keystone (scripts/local-cloud up).
import { createServer, type Server, type Socket } from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { cloud, glanceIn, loginAs, projectId } from "@/scripts/testing/local-cloud";
import { openstackCliQuiet } from "@/scripts/testing/openstack-cli";

import { OpenStackError } from "./errors";
import { listImages } from "./glance";
import { openstackRequest } from "./http";
import {
  authenticateWithApplicationCredential,
  authenticateWithPassword,
  isTokenValid,
  listAuthProjects,
  rescopeToken,
  revokeToken,
} from "./keystone";

const user = (name: string) => cloud.users[name]!;
const expectError = async (promise: Promise<unknown>, code: string, status: number) => {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OpenStackError);
  expect(err).toMatchObject({ code, upstreamStatus: status });
  return err as OpenStackError;
};

describe("password login", () => {
  it("scopes by user name + domain and project name + domain, with both regions' image endpoints", async () => {
    const t = await authenticateWithPassword(
      `${cloud.authUrl}/`,
      {
        user: { name: "alpha-member", domain: { name: "Default" } },
        password: user("alpha-member").password,
      },
      { name: "alpha", domain: { name: "Default" } },
    );
    expect(t.project).toEqual({
      id: projectId("alpha"),
      name: "alpha",
      domainId: "default",
      domainName: "Default",
    });
    expect(t.user).toMatchObject({
      id: user("alpha-member").id,
      name: "alpha-member",
      domainName: "Default",
    });
    expect(t.roles).toEqual(expect.arrayContaining(["member", "reader"]));
    expect(t.imageEndpoints).toEqual(cloud.regions.map((r) => ({ region: r.id, url: r.imageUrl })));
    expect(t.token.length).toBeGreaterThan(100);
    expect(new Date(t.expiresAt).getTime()).toBeGreaterThan(Date.now());
  });

  it("scopes by ids, across domains (partner)", async () => {
    const t = await authenticateWithPassword(
      cloud.authUrl,
      { user: { id: user("partner-member").id }, password: user("partner-member").password },
      { id: projectId("partner") },
    );
    expect(t.project?.domainName).toBe("partner");
    expect(t.user.domainName).toBe("partner");
  });

  it("shows a reader-only user as such", async () => {
    const t = await loginAs("alpha-reader", "alpha");
    expect(t.roles).toEqual(["reader"]);
  });

  it("refuses a wrong password with invalid_credentials", async () => {
    const err = await expectError(
      authenticateWithPassword(cloud.authUrl, {
        user: { name: "alpha-member", domain: { id: "default" } },
        password: "wrong",
      }),
      "invalid_credentials",
      401,
    );
    expect(err.message).toMatch(
      /^Keystone refused the login: check the user name, password and user domain/,
    );
  });

  it("refuses a project the user has no role on", async () => {
    await expectError(loginAs("alpha-member", "gamma"), "invalid_credentials", 401);
  });

  it("answers upstream_unavailable when Keystone cannot be reached", async () => {
    const err = await expectError(
      authenticateWithPassword("http://127.0.0.1:1/v3", { user: { id: "x" }, password: "y" }),
      "upstream_unavailable",
      0,
    );
    expect(err.message).toBe("Keystone is unreachable at http://127.0.0.1:1.");
  });
});

describe("one login, many projects", () => {
  it("lists the projects of an unscoped token and rescopes to each", async () => {
    const unscoped = await authenticateWithPassword(cloud.authUrl, {
      user: { name: "multi-member", domain: { name: "Default" } },
      password: user("multi-member").password,
    });
    expect(unscoped.project).toBeNull();
    expect(unscoped.imageEndpoints).toEqual([]);

    const projects = await listAuthProjects(cloud.authUrl, unscoped.token);
    expect(projects.map((p) => p.name)).toEqual(["alpha", "beta"]);

    const scoped = await Promise.all(
      projects.map((p) => rescopeToken(cloud.authUrl, unscoped.token, { id: p.id })),
    );
    expect(scoped.map((t) => t.project?.name)).toEqual(["alpha", "beta"]);
    expect(scoped.every((t) => t.methods.includes("token") && t.imageEndpoints.length === 2)).toBe(
      true,
    );
  });
});

describe("application credential login", () => {
  it("gets a token scoped to the credential's project", async () => {
    const t = await authenticateWithApplicationCredential(
      cloud.authUrl,
      cloud.applicationCredentials.beta!,
    );
    expect(t.project?.id).toBe(projectId("beta"));
    expect(t.applicationCredentialId).toBe(cloud.applicationCredentials.beta!.id);
    expect(t.methods).toEqual(["application_credential"]);
  });

  it("refuses a wrong secret", async () => {
    const err = await expectError(
      authenticateWithApplicationCredential(cloud.authUrl, {
        id: cloud.applicationCredentials.beta!.id,
        secret: "nope",
      }),
      "invalid_credentials",
      401,
    );
    expect(err.message).toMatch(/application credential: its id or secret is wrong/);
  });
});

describe("revocation and expiry", () => {
  it("revokes a token: Keystone and Glance both refuse it afterwards", async () => {
    const t = await loginAs("alpha-member", "alpha");
    expect(await isTokenValid(cloud.authUrl, t.token)).toBe(true);
    await revokeToken(cloud.authUrl, t.token);
    expect(await isTokenValid(cloud.authUrl, t.token)).toBe(false);
    const err = await expectError(listImages(glanceIn(t), {}), "token_expired", 401);
    expect(err.message).toMatch(/Reconnect the project/);
    // Revoking again is harmless.
    await expect(revokeToken(cloud.authUrl, t.token)).resolves.toBeUndefined();
  });

  it("notices a token revoked out of band with the CLI, and only that one", async () => {
    const [alpha, beta] = await Promise.all([
      loginAs("alpha-member", "alpha"),
      loginAs("beta-member", "beta"),
    ]);
    await openstackCliQuiet("admin", ["token", "revoke", alpha.token]);
    expect(await isTokenValid(cloud.authUrl, alpha.token)).toBe(false);
    await expectError(listImages(glanceIn(alpha), {}), "token_expired", 401);
    expect(await isTokenValid(cloud.authUrl, beta.token)).toBe(true);
    await expect(listImages(glanceIn(beta), {})).resolves.toHaveProperty("images");
  });
});

describe("the http layer", () => {
  let silent: Server;
  let port = 0;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    // A socket that accepts and never answers: what a hung upstream looks like.
    silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    port = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it("gives up after its timeout with a timeout error", async () => {
    const started = Date.now();
    const err = await expectError(
      openstackRequest({
        service: "glance",
        url: `http://127.0.0.1:${port}/v2/images`,
        timeoutMs: 300,
      }),
      "timeout",
      0,
    );
    expect(Date.now() - started).toBeLessThan(3000);
    expect(err.message).toBe("Glance did not answer within 0.3 s.");
  });
});
