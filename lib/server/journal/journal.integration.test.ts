// The journal on both stores it supports: an SQLite file, and the local cloud's PostgreSQL
// (scripts/local-cloud up). Each run starts from an empty database, so migrations run too.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { openJournalDb, type JournalDb } from "@/lib/server/core/database";
import { appendEntry, type JournalEvent, type JournalScope } from "@/lib/server/core/journal";
import type { JournalStore } from "@/lib/server/env";
import { freshDatabase, PG_ADMIN_URL } from "@/scripts/testing/postgres";

import { listEntries } from "./journal";

const PG_TEST_DB = "glance_share_journal_test";

async function freshPostgres(): Promise<JournalStore> {
  return { kind: "postgres", url: await freshDatabase(PG_ADMIN_URL, PG_TEST_DB) };
}

const sqliteDir = mkdtempSync(join(tmpdir(), "journal-"));
afterAll(() => rmSync(sqliteDir, { recursive: true, force: true }));

const stores: [string, () => Promise<JournalStore>][] = [
  ["SQLite", async () => ({ kind: "sqlite", path: join(sqliteDir, "nested", "journal.sqlite") })],
  ["PostgreSQL", freshPostgres],
];

const alpha = { id: "a".repeat(32), name: "alpha" };
const beta = { id: "b".repeat(32), name: "beta" };
const CLOUD = "http://127.0.0.1:5000/v3";
const OTHER_CLOUD = "https://keystone.other.example/v3";
const scope = (p: { id: string }, cloud = CLOUD, legacy = true): JournalScope => ({
  cloud,
  projectId: p.id,
  legacy,
});
/** Who did what where, in most entries, as the journal gives it back. */
const usual = {
  user: { id: "u-alpha", name: "alpha-member" },
  project: alpha,
  region: "RegionOne",
  image: { id: "img-1", name: "Ubuntu-22.04" },
  memberId: beta.id,
};
const event = (over: Partial<JournalEvent> = {}): JournalEvent => ({
  cloud: CLOUD,
  ...usual,
  action: "member_added",
  ...over,
});

describe.each(stores)("the journal on %s", (_, makeStore) => {
  let store: JournalStore;
  let db: JournalDb;

  beforeAll(async () => {
    store = await makeStore();
    db = await openJournalDb(store);
    await appendEntry(db, event(), { outcome: "ok" }, new Date("2026-11-01T10:00:00Z"));
    await appendEntry(
      db,
      event({ action: "member_removed" }),
      { outcome: "failed", error: { code: "not_owner", message: "Not yours." } },
      new Date("2026-11-02T10:00:00Z"),
    );
    await appendEntry(
      db,
      event({
        user: { id: "u-beta", name: "beta-member" },
        project: beta,
        memberId: beta.id,
        action: "accepted",
        image: { id: "img-2", name: null },
      }),
      { outcome: "ok" },
      new Date("2026-11-03T10:00:00Z"),
    );
  });
  afterAll(() => db?.destroy());

  it("creates its schema on first use, and opening again migrates nothing twice", async () => {
    const again = await openJournalDb(store);
    expect(await listEntries(again, [scope(alpha), scope(beta)], {})).toHaveLength(3);
    await again.destroy();
  });

  it("lists newest first, with who, where, what and the outcome (Glance's error when it failed)", async () => {
    const entries = await listEntries(db, [scope(alpha), scope(beta)], {});
    expect(entries.map((e) => e.action)).toEqual(["accepted", "member_removed", "member_added"]);
    expect(entries[1]).toMatchObject({
      ...usual,
      action: "member_removed",
      at: "2026-11-02T10:00:00.000Z",
      outcome: "failed",
      error: { code: "not_owner", message: "Not yours." },
    });
    expect(entries[0]!.error).toBeNull();
  });

  it("shows only the projects asked for: a browser sees its connected projects' entries only", async () => {
    expect((await listEntries(db, [scope(beta)], {})).map((e) => e.action)).toEqual(["accepted"]);
    expect(await listEntries(db, [], {})).toEqual([]);
    // Naming another project in the filter does not widen the view.
    expect(await listEntries(db, [scope(beta)], { project: alpha.id })).toEqual([]);
  });

  it("filters by image (id or part of the name, any case), user (id or name), action and time", async () => {
    const all = [scope(alpha), scope(beta)];
    expect(await listEntries(db, all, { image: "ubuntu" })).toHaveLength(2);
    expect(await listEntries(db, all, { image: "img-2" })).toHaveLength(1);
    expect(await listEntries(db, all, { user: "Beta-Member" })).toHaveLength(1);
    expect(await listEntries(db, all, { user: "u-alpha" })).toHaveLength(2);
    expect(await listEntries(db, all, { action: "member_added" })).toHaveLength(1);
    expect(
      (await listEntries(db, all, { from: "2026-11-02", to: "2026-11-02" })).map((e) => e.action),
    ).toEqual(["member_removed"]);
  });

  it("keeps each cloud's projects apart: the same project id claimed by another Keystone sees nothing of this one's", async () => {
    await appendEntry(db, event({ cloud: OTHER_CLOUD, image: { id: "img-other", name: null } }), {
      outcome: "ok",
    });
    expect(
      (await listEntries(db, [scope(alpha, OTHER_CLOUD, false)], {})).map((e) => e.image.id),
    ).toEqual(["img-other"]);
    expect((await listEntries(db, [scope(alpha)], {})).map((e) => e.image.id)).not.toContain(
      "img-other",
    );
  });

  it("shows entries written before clouds were recorded to configured clouds' connections only", async () => {
    await db
      .insertInto("journal_entries")
      .values({ ...row, at: "2026-10-01T10:00:00.000Z", cloud: null, image_id: "img-old" })
      .execute();
    expect(
      (await listEntries(db, [scope(alpha)], { image: "img-old" })).map((e) => e.image.id),
    ).toEqual(["img-old"]);
    // A custom Keystone URL can claim any project id: no legacy entries for it.
    expect(await listEntries(db, [scope(alpha, OTHER_CLOUD, false)], { image: "img-old" })).toEqual(
      [],
    );
  });
});

// An entry as the first schema stored it, before the cloud column existed.
const row = {
  user_id: "u-alpha",
  user_name: "alpha-member",
  project_id: alpha.id,
  project_name: alpha.name,
  region: "RegionOne",
  image_name: null,
  member_id: null,
  action: "member_added",
  outcome: "ok",
  error_code: null,
  error_message: null,
};
