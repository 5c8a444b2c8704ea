import { describe, expect, it, vi } from "vitest";

import { AppError } from "@/lib/errors";
import { say } from "@/lib/i18n/sentence";
import { OpenStackError } from "@/lib/openstack/errors";
import { MemoryJar, SessionStore, type StoredConnection } from "@/lib/server/session";

import { CALLS_PER_CONNECTION, ProjectContext, rememberEndpoints, withGlance } from "./context";

const SECRET = "a-test-secret-that-is-at-least-32-characters-long";
const stored = (n: number, roles = ["member"]): StoredConnection => ({
  id: `c${n}`,
  cloud: "local",
  authUrl: "http://127.0.0.1:5000/v3",
  token: `token-${n}`,
  expiresAt: new Date(Date.now() + 3600_000).toISOString(),
  method: "password",
  user: { id: "u1", name: "alice", domainName: "Default" },
  project: { id: `p${n}`, name: `project-${n}`, domainName: "Default" },
  roles,
});

async function browserWith(...connections: StoredConnection[]) {
  const jar = new MemoryJar();
  const session = new SessionStore(jar, { secret: SECRET, secure: false });
  for (const c of connections) {
    // Endpoints known already: no Keystone call in a unit test.
    rememberEndpoints(c, [{ region: "RegionOne", url: `http://glance.test/${c.id}` }]);
    await session.writeConnection(c);
  }
  const fresh = () => new ProjectContext(new SessionStore(jar, { secret: SECRET, secure: false }));
  return { jar, fresh };
}

const refusedToken = () =>
  new OpenStackError(
    "token_expired",
    say("upstream.tokenRefused", { service: "Glance" }),
    "glance",
    401,
  );

describe("withGlance", () => {
  it("calls with the source's own endpoint and token, and names its user and project", async () => {
    const { fresh } = await browserWith(stored(1));
    const source = await fresh().source({ connection: "c1", region: "RegionOne" });
    const call = vi.fn(async () => "listed");
    await expect(withGlance(source, call)).resolves.toBe("listed");
    expect(call).toHaveBeenCalledWith(
      { endpoint: "http://glance.test/c1", token: "token-1" },
      {
        cloud: "http://127.0.0.1:5000/v3",
        user: { id: "u1", name: "alice" },
        project: { id: "p1", name: "project-1" },
      },
    );
  });

  it("marks only the refused project expired, in this request and in its cookie, and says to reconnect it", async () => {
    const { fresh } = await browserWith(stored(1), stored(2));
    const projects = fresh();
    const [one, two] = await Promise.all([
      projects.source({ connection: "c1", region: "RegionOne" }),
      projects.source({ connection: "c2", region: "RegionOne" }),
    ]);
    const failed = withGlance(one, () => Promise.reject(refusedToken()));
    await expect(failed).rejects.toBeInstanceOf(AppError);
    await expect(failed).rejects.toMatchObject({
      code: "token_expired",
      message: expect.stringContaining("project-1"),
    });

    // The same request does not call Glance again with that token.
    const again = vi.fn(async () => "never");
    await expect(withGlance(one, again)).rejects.toMatchObject({ code: "token_expired" });
    expect(again).not.toHaveBeenCalled();
    await expect(withGlance(two, async () => "fine")).resolves.toBe("fine");

    // The next request reads the cookie: project-1 is "reconnect", project-2 active.
    const next = await fresh().dtos();
    expect(next.connections.map((c) => [c.project.name, c.status, c.canWrite])).toEqual([
      ["project-1", "expired", false],
      ["project-2", "active", true],
    ]);
  });

  it("refuses a change from a reader-only project before Glance is asked, but lets it read", async () => {
    const { fresh } = await browserWith(stored(1, ["reader"]));
    const source = await fresh().source({ connection: "c1", region: "RegionOne" });
    const call = vi.fn(async () => "changed");
    await expect(withGlance(source, call, { write: true })).rejects.toMatchObject({
      code: "forbidden",
      message: expect.stringContaining("reader role only"),
    });
    expect(call).not.toHaveBeenCalled();
    await expect(withGlance(source, call)).resolves.toBe("changed");
  });

  it(`runs at most ${CALLS_PER_CONNECTION} calls of one connection at once, whatever the requests ask`, async () => {
    const { fresh } = await browserWith(stored(1), stored(2));
    const [a, b] = await Promise.all([
      fresh().source({ connection: "c1", region: "RegionOne" }),
      fresh().source({ connection: "c2", region: "RegionOne" }),
    ]);
    const running = new Map<string, number>();
    const most = new Map<string, number>();
    const call = (id: string) => async () => {
      running.set(id, (running.get(id) ?? 0) + 1);
      most.set(id, Math.max(most.get(id) ?? 0, running.get(id)!));
      await new Promise((r) => setTimeout(r, 5));
      running.set(id, running.get(id)! - 1);
    };
    await Promise.all([
      ...Array.from({ length: 40 }, () => withGlance(a, call("c1"))),
      ...Array.from({ length: 40 }, () => withGlance(b, call("c2"))),
    ]);
    expect(most.get("c1")).toBe(CALLS_PER_CONNECTION);
    expect(most.get("c2")).toBe(CALLS_PER_CONNECTION);
  });

  it("says which project has no image service in a region, and which connection is gone", async () => {
    const { fresh } = await browserWith(stored(1));
    const projects = fresh();
    const elsewhere = await projects.source({ connection: "c1", region: "RegionTwo" });
    await expect(withGlance(elsewhere, async () => "x")).rejects.toMatchObject({
      code: "no_endpoint",
      message: "project-1 has no image service in region RegionTwo.",
    });
    await expect(
      projects.source({ connection: "gone", region: "RegionOne" }),
    ).rejects.toMatchObject({ code: "not_connected" });
    await expect(projects.sources("c1", "RegionTwo")).rejects.toMatchObject({
      code: "no_endpoint",
    });
  });
});

describe("ProjectContext", () => {
  it("counts the wall-clock time Glance calls were in flight, overlapping calls once", async () => {
    const { fresh } = await browserWith(stored(1), stored(2));
    const projects = fresh();
    const { sources } = await projects.sources("all", "all");
    const wait = (ms: number) => () => new Promise((r) => setTimeout(r, ms));
    await Promise.all(sources.map((s) => withGlance(s, wait(50))));
    expect(projects.upstreamMs).toBeGreaterThanOrEqual(45);
    expect(projects.upstreamMs).toBeLessThan(90);
  });

  it("opens each cookie once per request, however many sources and names are asked for", async () => {
    const { jar, fresh } = await browserWith(stored(1), stored(2));
    const get = vi.spyOn(jar, "get");
    const projects = fresh();
    await projects.source({ connection: "c1", region: "RegionOne" });
    await projects.sources("all", "all");
    await projects.names();
    await projects.source({ connection: "c2", region: "RegionOne" });
    const reads = get.mock.calls.map(([name]) => name).sort();
    expect(reads).toEqual(["gs_conn_c1", "gs_conn_c2"]);
  });

  it("never puts a token in what it hands the browser", async () => {
    const { fresh } = await browserWith(stored(1));
    const projects = fresh();
    const { sources } = await projects.sources("all", "all");
    const dtos = await projects.dtos();
    expect(JSON.stringify([sources.map((s) => s.dto), dtos])).not.toContain("token-1");
  });
});
