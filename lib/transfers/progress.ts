// How far a transfer is, how fast it goes and when it should end, from what the server
// recorded: pure, so the page and the tests compute it the same way.

/** The recorded facts a transfer's progress is computed from. */
export interface ProgressFacts {
  bytes: number;
  size: number | null;
  createdAt: string;
  /** The server's last report: while running, the time `bytes` was measured. */
  updatedAt: string;
  finishedAt: string | null;
}

export interface Progress {
  /** 0..1; null while the size is unknown. */
  fraction: number | null;
  /** Bytes per second over the whole transfer so far; null before the first second of data. */
  rate: number | null;
  /** Seconds left at that rate; null when it cannot be told. */
  etaSeconds: number | null;
}

/** Progress as of the server's last report (the average rate: a relay's speed varies chunk by chunk). */
export function transferProgress(facts: ProgressFacts): Progress {
  const fraction = facts.size ? Math.min(1, facts.bytes / facts.size) : facts.size === 0 ? 1 : null;
  const elapsed =
    (Date.parse(facts.finishedAt ?? facts.updatedAt) - Date.parse(facts.createdAt)) / 1000;
  const rate = elapsed >= 1 && facts.bytes > 0 ? facts.bytes / elapsed : null;
  const etaSeconds =
    rate !== null && facts.size !== null && facts.finishedAt === null
      ? Math.max(0, (facts.size - facts.bytes) / rate)
      : null;
  return { fraction, rate, etaSeconds };
}

/**
 * An estimate rounded to what a person reads: seconds under a minute, then minutes, then
 * hours and minutes (the catalogs' common.duration says them: "12 s", "about 3 min").
 */
export function durationParts(seconds: number): {
  unit: "s" | "min" | "h";
  s: number;
  min: number;
  h: number;
} {
  if (seconds < 60) return { unit: "s", s: Math.max(1, Math.round(seconds)), min: 0, h: 0 };
  if (seconds < 3600) return { unit: "min", s: 0, min: Math.round(seconds / 60), h: 0 };
  const h = Math.floor(seconds / 3600);
  return { unit: "h", s: 0, min: Math.round((seconds - h * 3600) / 60), h };
}

/** Seconds a transfer of `size` bytes should take at `rate` bytes per second; null without both. */
export function estimateSeconds(size: number | null, rate: number | null): number | null {
  return size !== null && rate ? size / rate : null;
}

/** Without an estimate, a session this close to its end is still worth a warning. */
export const SESSION_MARGIN_SECONDS = 600;

/**
 * The sessions a transfer needs that end before it is likely done: a copy still running
 * then fails (Keystone refuses the token; the dashboard holds no password to renew it).
 * Without an estimate, those ending within SESSION_MARGIN_SECONDS.
 */
export function sessionsEndingFirst<T extends { expiresAt: string }>(
  sessions: T[],
  seconds: number | null,
  now = Date.now(),
): T[] {
  const needed = Math.max(seconds ?? 0, SESSION_MARGIN_SECONDS) * 1000;
  return sessions.filter((s) => Date.parse(s.expiresAt) - now < needed);
}
