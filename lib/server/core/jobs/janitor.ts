import "server-only";

import { sql } from "kysely";

import { getEnv } from "@/lib/server/env";
import { logFailure } from "@/lib/server/log";

import { dbNow, type JournalDb } from "../database";
import { journalDb } from "../journal";
import { healthyFor, heartbeatMs, PROCESS_OWNER, startHeartbeats } from "./leases";

/** What a feature has the janitor do on each round: judge its dead jobs, clean what they left. */
export type JanitorTask = (db: JournalDb) => Promise<void>;

const tasks = new Map<string, JanitorTask>();

/** Adds a feature's round (by name: registering again replaces it). */
export function registerJanitorTask(name: string, task: JanitorTask): void {
  tasks.set(name, task);
}

const JANITOR = "janitor";

/**
 * Takes (or keeps) the janitor's lease for this process: one instance at a time does the
 * rounds, on the database's clock. True when this process holds it.
 */
export async function takeJanitorLease(db: JournalDb, ms: number): Promise<boolean> {
  const until = sql<number>`${dbNow(db)} + ${ms}`;
  const take = () =>
    db
      .updateTable("leases")
      .set({ owner: PROCESS_OWNER, until })
      .where("name", "=", JANITOR)
      .where((eb) => eb.or([eb("owner", "=", PROCESS_OWNER), eb("until", "<", dbNow(db))]))
      .executeTakeFirst();
  if (Number((await take()).numUpdatedRows) > 0) return true;
  await db
    .insertInto("leases")
    .values({ name: JANITOR, owner: PROCESS_OWNER, until })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  return Number((await take()).numUpdatedRows) > 0;
}

/** One round of every task, each failing on its own. */
export async function janitorRound(db: JournalDb): Promise<void> {
  for (const [name, task] of tasks) {
    await task(db).catch((err: unknown) => logFailure(`janitor: ${name} failed`, err));
  }
}

let timer: NodeJS.Timeout | null = null;
let sweeping = false;

/**
 * Starts this process's heartbeats and its janitor (idempotent). The janitor judges other
 * processes' jobs only once its own heartbeats have succeeded for a whole lease: after a
 * database outage, live owners have renewed their leases before anyone is judged.
 */
export function startJanitor(): void {
  startHeartbeats();
  if (timer) return;
  const every = Math.max(heartbeatMs() * 2, 1_000);
  timer = setInterval(() => {
    if (sweeping || !healthyFor(getEnv().jobs.leaseMs)) return;
    sweeping = true;
    journalDb()
      .then(async (db) => {
        if (await takeJanitorLease(db, getEnv().jobs.leaseMs)) await janitorRound(db);
      })
      .catch((err: unknown) => logFailure("janitor round failed", err))
      .finally(() => (sweeping = false));
  }, every);
  timer.unref();
}
