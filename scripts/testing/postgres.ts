// The local cloud's PostgreSQL as tests use it for the dashboard's own databases.
import { Client } from "pg";

export const PG_ADMIN_URL =
  process.env.JOURNAL_TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:55432/postgres";

/** A fresh database on a PostgreSQL server (dropped first if a run left it); returns its URL. */
export async function freshDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
