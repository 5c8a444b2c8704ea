// A browser's session on the real local cloud, for integration tests of server features:
// seeded users log in once per file, and a "browser" is a cookie jar holding some of their
// connections, opened as a request opens it.
import type { KeystoneToken } from "@/lib/openstack/keystone";
import { ProjectContext, rememberEndpoints } from "@/lib/server/core/context";
import { MemoryJar, SessionStore, type StoredConnection } from "@/lib/server/session";
import { cloud, loginAs } from "@/scripts/testing/local-cloud";

/** The secret test browsers seal their cookies with; the server side reads it as SESSION_SECRET. */
export const TEST_SECRET = "a-test-secret-that-is-at-least-32-characters-long";

/** Logs each seeded user into a project once; `as` names the connection (user, project). */
export function seededLogins(logins: Record<string, [user: string, project: string]>) {
  const tokens: Record<string, KeystoneToken> = {};
  const stored = (name: string): StoredConnection => {
    const t = tokens[name]!;
    const connection: StoredConnection = {
      id: name,
      cloud: "local",
      authUrl: cloud.authUrl,
      token: t.token,
      expiresAt: t.expiresAt,
      method: "password",
      user: { id: t.user.id, name: t.user.name, domainName: t.user.domainName },
      project: { id: t.project!.id, name: t.project!.name, domainName: t.project!.domainName },
      roles: t.roles,
    };
    rememberEndpoints(connection, t.imageEndpoints, t.computeEndpoints);
    return connection;
  };
  return {
    tokens,
    async login() {
      for (const [name, [user, project]] of Object.entries(logins))
        tokens[name] = await loginAs(user, project);
    },
    /** A login's connection as the session stores it (id = its name), with its endpoints remembered. */
    stored,
    /** A browser's connected projects, as a request opens them. */
    async browserWith(...connections: (string | StoredConnection)[]): Promise<ProjectContext> {
      const jar = new MemoryJar();
      const session = new SessionStore(jar, { secret: TEST_SECRET, secure: false });
      for (const c of connections)
        await session.writeConnection(typeof c === "string" ? stored(c) : c);
      return new ProjectContext(new SessionStore(jar, { secret: TEST_SECRET, secure: false }));
    },
  };
}
