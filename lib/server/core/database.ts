import "server-only";

import { mkdirSync } from "node:fs";
import { dirname } from "node:path";

import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, sql, SqliteDialect, type RawBuilder } from "kysely";
import { Migrator, type Migration, type MigrationProvider } from "kysely/migration";
import { Pool } from "pg";

import type { JournalStore } from "@/lib/server/env";

import type { JournalTables } from "./tables";

export type JournalDb = Kysely<JournalTables>;

// Migrations live in code (not files) so a standalone build carries them. They only
// add, never edit: each runs once per database, in name order.
const migrations: Record<string, (kind: JournalStore["kind"]) => Migration> = {
  "0001_journal_entries": (kind) => ({
    async up(db) {
      await db.schema
        .createTable("journal_entries")
        .ifNotExists()
        .addColumn("id", kind === "postgres" ? "bigserial" : "integer", (c) =>
          kind === "postgres" ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn("at", "text", (c) => c.notNull())
        .addColumn("user_id", "text", (c) => c.notNull())
        .addColumn("user_name", "text", (c) => c.notNull())
        .addColumn("project_id", "text", (c) => c.notNull())
        .addColumn("project_name", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("image_id", "text", (c) => c.notNull())
        .addColumn("image_name", "text")
        .addColumn("member_id", "text")
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("outcome", "text", (c) => c.notNull())
        .addColumn("error_code", "text")
        .addColumn("error_message", "text")
        .execute();
      await db.schema
        .createIndex("journal_entries_project_at")
        .ifNotExists()
        .on("journal_entries")
        .columns(["project_id", "at"])
        .execute();
      await db.schema
        .createIndex("journal_entries_image")
        .ifNotExists()
        .on("journal_entries")
        .column("image_id")
        .execute();
    },
  }),
  // Which Keystone the project belongs to: a project id alone can be claimed by another
  // cloud. Entries written before it have none (null).
  "0002_journal_entries_cloud": () => ({
    async up(db) {
      await db.schema.alterTable("journal_entries").addColumn("cloud", "text").execute();
    },
  }),
  // Transfers outlive the request (and the process) that started them: any instance reports them.
  "0003_transfers": () => ({
    async up(db) {
      const text = [
        "id",
        "batch",
        "created_at",
        "updated_at",
        "user_id",
        "user_name",
        "source_cloud",
        "source_project_id",
        "source_project_name",
        "source_region",
        "source_image_id",
      ] as const;
      let table = db.schema.createTable("transfers").ifNotExists();
      for (const column of text)
        table = table.addColumn(column, "text", (c) =>
          column === "id" ? c.primaryKey() : c.notNull(),
        );
      await table
        .addColumn("finished_at", "text")
        .addColumn("source_image_name", "text")
        .addColumn("target_cloud", "text", (c) => c.notNull())
        .addColumn("target_project_id", "text", (c) => c.notNull())
        .addColumn("target_project_name", "text", (c) => c.notNull())
        .addColumn("target_region", "text", (c) => c.notNull())
        .addColumn("target_image_id", "text")
        .addColumn("target_name", "text", (c) => c.notNull())
        .addColumn("path", "text", (c) => c.notNull())
        .addColumn("move", "integer", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("bytes", "bigint", (c) => c.notNull())
        .addColumn("size", "bigint")
        .addColumn("sha512", "text")
        .addColumn("error", "text")
        .addColumn("source_deleted", "integer", (c) => c.notNull())
        .addColumn("cleanup", "text", (c) => c.notNull())
        .addColumn("cleanup_error", "text")
        .addColumn("cancel_requested", "integer", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("transfers_created")
        .ifNotExists()
        .on("transfers")
        .column("created_at")
        .execute();
      await db.schema
        .createIndex("transfers_status")
        .ifNotExists()
        .on("transfers")
        .column("status")
        .execute();
    },
  }),
  // Why a transfer takes the path it does (shown beside it).
  "0004_transfers_path_note": () => ({
    async up(db) {
      await db.schema.alterTable("transfers").addColumn("path_note", "text").execute();
    },
  }),
  // Copies that take the source's members along, and what came of it.
  "0005_transfers_members": () => ({
    async up(db) {
      await db.schema
        .alterTable("transfers")
        .addColumn("keep_members", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable("transfers").addColumn("result_note", "text").execute();
    },
  }),
  // What a copy went through on its way: a source picked up again, an upload started over.
  "0006_transfers_recovery": () => ({
    async up(db) {
      await db.schema.alterTable("transfers").addColumn("recovery_note", "text").execute();
    },
  }),
  // Jobs are leased by the process running them, on the database's clock (hosts' clocks
  // differ); a job's sealed session cookies let any instance clean up after it; a
  // membership a copy adds for Glance to read the source is recorded before it is made.
  "0007_job_leases": () => ({
    async up(db) {
      // One column per statement: SQLite adds no more.
      for (const [column, type] of [
        ["lease_owner", "text"],
        ["lease_until", "bigint"],
        ["credentials", "text"],
        ["temporary_member", "text"],
      ] as const)
        await db.schema.alterTable("transfers").addColumn(column, type).execute();
      await db.schema
        .createIndex("transfers_lease_owner")
        .ifNotExists()
        .on("transfers")
        .column("lease_owner")
        .execute();
      await db.schema
        .createTable("leases")
        .ifNotExists()
        .addColumn("name", "text", (c) => c.primaryKey())
        .addColumn("owner", "text", (c) => c.notNull())
        .addColumn("until", "bigint", (c) => c.notNull())
        .execute();
    },
  }),
  // Jobs other than transfers (share runs; rollouts next): their input, their progress as
  // the page shows it, and the same lease as transfers.
  "0008_jobs": () => ({
    async up(db) {
      let table = db.schema.createTable("jobs").ifNotExists();
      for (const column of [
        "id",
        "kind",
        "created_at",
        "updated_at",
        "user_id",
        "user_name",
        "cloud",
        "project_id",
        "project_name",
        "status",
        "input",
        "progress",
      ] as const)
        table = table.addColumn(column, "text", (c) =>
          column === "id" ? c.primaryKey() : c.notNull(),
        );
      await table
        .addColumn("finished_at", "text")
        .addColumn("error", "text")
        .addColumn("cancel_requested", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("lease_owner", "text")
        .addColumn("lease_until", "bigint")
        .execute();
      await db.schema
        .createIndex("jobs_created")
        .ifNotExists()
        .on("jobs")
        .column("created_at")
        .execute();
    },
  }),
  // A share run or rollout whose server died is resumed by another instance, as the person
  // who started it: it keeps that browser's sealed cookie until it ends, and counts resumes.
  "0009_jobs_resume": () => ({
    async up(db) {
      await db.schema.alterTable("jobs").addColumn("credentials", "text").execute();
      await db.schema
        .alterTable("jobs")
        .addColumn("resumes", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
    },
  }),
};

const providerFor = (kind: JournalStore["kind"]): MigrationProvider => ({
  getMigrations: async () =>
    Object.fromEntries(Object.entries(migrations).map(([name, m]) => [name, m(kind)])),
});

const kinds = new WeakMap<JournalDb, JournalStore["kind"]>();

/**
 * The database's clock in milliseconds since the epoch: every instance reads the same one,
 * whatever its own host's clock says (SQLite's is its one host's).
 */
export function dbNow(db: JournalDb): RawBuilder<number> {
  return kinds.get(db) === "postgres"
    ? sql<number>`(extract(epoch from clock_timestamp()) * 1000)::bigint`
    : sql<number>`cast((julianday('now') - 2440587.5) * 86400000 as integer)`;
}

/** Opens the journal's database (creating an SQLite file's folder on first run) and migrates it. */
export async function openJournalDb(store: JournalStore): Promise<JournalDb> {
  let db: JournalDb;
  if (store.kind === "sqlite") {
    mkdirSync(dirname(store.path), { recursive: true });
    const sqlite = new SQLite(store.path);
    // WAL: readers never wait for the writer; a busy writer is retried, not failed.
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("busy_timeout = 5000");
    // In WAL mode NORMAL stays consistent after a crash and spares an fsync per entry.
    sqlite.pragma("synchronous = NORMAL");
    db = new Kysely<JournalTables>({ dialect: new SqliteDialect({ database: sqlite }) });
  } else {
    db = new Kysely<JournalTables>({
      dialect: new PostgresDialect({ pool: new Pool({ connectionString: store.url, max: 5 }) }),
    });
  }
  kinds.set(db, store.kind);
  const { error } = await new Migrator({ db, provider: providerFor(store.kind) }).migrateToLatest();
  if (error) {
    await db.destroy();
    throw error instanceof Error ? error : new Error(String(error));
  }
  return db;
}
