import { sealData } from "iron-session";
import { describe, expect, it, vi } from "vitest";

import { AppError } from "@/lib/errors";

import { MAX_CONNECTIONS, MemoryJar, SessionStore, type StoredConnection } from "./session";

const SECRET = "a-test-secret-that-is-at-least-32-characters-long";
const IN_AN_HOUR = new Date(Date.now() + 3600_000).toISOString();

const connection = (n: number, patch: Partial<StoredConnection> = {}): StoredConnection => ({
  id: `id${n}`,
  cloud: "local",
  authUrl: "http://127.0.0.1:5000/v3",
  token: `token-${n}`,
  expiresAt: IN_AN_HOUR,
  method: "password",
  user: { id: "u1", name: "alice", domainName: "Default" },
  project: { id: `p${n}`, name: `project-${String(n).padStart(2, "0")}`, domainName: "Default" },
  roles: ["member"],
  ...patch,
});

const store = (jar = new MemoryJar(), secret = SECRET) => ({
  jar,
  session: new SessionStore(jar, { secret, secure: true }),
});

describe("SessionStore", () => {
  it("seals each connection in its own httpOnly, SameSite=Lax, Secure __Host- cookie that holds no readable token", async () => {
    const { jar, session } = store();
    await session.writeConnection(connection(1));
    const cookie = jar.cookies.get("__Host-gs_conn_id1")!;
    expect(cookie.value).not.toContain("token-1");
    expect(cookie.options).toMatchObject({
      httpOnly: true,
      sameSite: "lax",
      secure: true,
      path: "/",
    });
    expect(cookie.options!.maxAge).toBeGreaterThan(3500);
    expect(await store(jar).session.readConnection("id1")).toEqual(connection(1));
  });

  it("over plain http (development, the local demo) names cookies without the __Host- prefix, which needs Secure", async () => {
    const jar = new MemoryJar();
    await new SessionStore(jar, { secret: SECRET, secure: false }).writeConnection(connection(1));
    expect([...jar.cookies.keys()]).toEqual(["gs_conn_id1"]);
    expect(jar.cookies.get("gs_conn_id1")!.options!.secure).toBe(false);
  });

  it("ignores a tampered cookie, a cookie sealed with another secret, and a cookie moved to another connection's name", async () => {
    const { jar, session } = store();
    await session.writeConnection(connection(1));
    const sealed = jar.get("__Host-gs_conn_id1")!.value;
    const tampered = `${sealed.slice(0, 40)}${sealed[40] === "A" ? "B" : "A"}${sealed.slice(41)}`;
    jar.set("__Host-gs_conn_id2", tampered, jar.cookies.get("__Host-gs_conn_id1")!.options!);
    jar.set(
      "__Host-gs_conn_id3",
      await sealData(connection(3), { password: "another-secret-of-at-least-32-characters!!" }),
      jar.cookies.get("__Host-gs_conn_id1")!.options!,
    );
    jar.set("__Host-gs_conn_id4", sealed, jar.cookies.get("__Host-gs_conn_id1")!.options!);

    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const fresh = store(jar).session;
      expect(await fresh.readConnection("id2")).toBeNull();
      expect(await fresh.readConnection("id3")).toBeNull();
      expect(await fresh.readConnection("id4")).toBeNull();
      expect((await fresh.readConnections()).map((c) => c.id)).toEqual(["id1"]);
      // The tampered and the foreign seal are reported to the operator; the moved one opened fine.
      expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
        expect.stringContaining("no configured secret opens was ignored (invalid)"),
        expect.stringContaining("no configured secret opens was ignored (invalid)"),
      ]);
    } finally {
      warn.mockRestore();
    }
  });

  it("ignores a seal past its time to live", async () => {
    const { jar } = store();
    const expired = await sealData(connection(1), { password: SECRET, ttl: 1 });
    jar.set("__Host-gs_conn_id1", expired, {
      httpOnly: true,
      sameSite: "lax",
      secure: true,
      path: "/",
      maxAge: 1,
    });
    // Iron allows 60 s of clock skew: read as if two minutes had passed.
    const realNow = Date.now;
    Date.now = () => realNow() + 120_000;
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      expect(await store(jar).session.readConnection("id1")).toBeNull();
      // How a connection ends, not a cookie to report.
      expect(warn).not.toHaveBeenCalled();
    } finally {
      Date.now = realNow;
      warn.mockRestore();
    }
  });

  it(`refuses a connection past ${MAX_CONNECTIONS} with a sentence, but replaces the same user's project in place`, async () => {
    const { jar, session } = store();
    for (let n = 1; n <= MAX_CONNECTIONS; n++) await session.saveConnection(connection(n));
    const refused = session.saveConnection(connection(99));
    await expect(refused).rejects.toBeInstanceOf(AppError);
    await expect(refused).rejects.toMatchObject({
      code: "too_many_projects",
      message: expect.stringContaining("project-99"),
    });

    const again = await session.saveConnection(
      connection(50, { project: connection(3).project, token: "newer" }),
    );
    expect(again.id).toBe("id3");
    const all = await store(jar).session.readConnections();
    expect(all).toHaveLength(MAX_CONNECTIONS);
    expect(all.find((c) => c.id === "id3")!.token).toBe("newer");
  });

  it("does not let a seal opened under one secret open under another", async () => {
    const { jar, session } = store();
    await session.writeConnection(connection(1));
    expect(await store(jar).session.readConnection("id1")).not.toBeNull();
    expect(
      await store(jar, "another-secret-of-at-least-32-characters!!").session.readConnection("id1"),
    ).toBeNull();
  });

  it("after a rotation, opens cookies sealed with a previous secret and seals new ones with the current one", async () => {
    const OLD = "the-secret-before-rotation-at-least-32-chars";
    const before = new MemoryJar();
    await new SessionStore(before, { secret: OLD, secure: true }).writeConnection(connection(1));

    const rotated = new SessionStore(before, { secret: SECRET, previous: [OLD], secure: true });
    expect((await rotated.readConnection("id1"))?.token).toBe("token-1");
    await rotated.writeConnection(connection(2));
    // The new cookie needs only the current secret; the old secret alone cannot open it.
    expect(
      await new SessionStore(before, { secret: SECRET, secure: true }).readConnection("id2"),
    ).not.toBeNull();
    expect(
      await new SessionStore(before, { secret: OLD, secure: true }).readConnection("id2"),
    ).toBeNull();
    // Once the old secret is dropped, its cookies are ignored (the person reconnects).
    expect(
      await new SessionStore(before, { secret: SECRET, secure: true }).readConnection("id1"),
    ).toBeNull();
  });

  it("hands out copies: changing what was read does not change what the next read sees", async () => {
    const { session } = store();
    await session.writeConnection(connection(1));
    const first = (await session.readConnection("id1"))!;
    first.expired = true;
    expect((await session.readConnection("id1"))!.expired).toBeUndefined();
  });
});
