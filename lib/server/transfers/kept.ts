import "server-only";

import { z } from "zod";

import type { SessionStore } from "@/lib/server/session";

/** What a transfer keeps to be cleaned up after by any instance: its browser's sealed cookies of both sides. */
const keptSchema = z.object({
  cookies: z.record(z.string(), z.string()),
  source: z.string(),
  target: z.string(),
});
export type Kept = z.infer<typeof keptSchema>;

/** The `credentials` column of a transfer from one connection to another of this browser. */
export const keepSessions = (session: SessionStore, source: string, target: string): string =>
  JSON.stringify({ cookies: session.sealedConnections([source, target]), source, target });

/** What `keepSessions` kept. */
export const keptSessions = (credentials: string): Kept =>
  keptSchema.parse(JSON.parse(credentials));
