import "server-only";

import { AppError } from "@/lib/errors";
import { say, type Sentence } from "@/lib/i18n/sentence";

/** A sliding window of events per key: how many in the last `windowMs`, and when the oldest leaves. */
export class SlidingWindow {
  private readonly events = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const kept = (this.events.get(key) ?? []).filter((t) => t > since);
    if (kept.length > 0) this.events.set(key, kept);
    else this.events.delete(key);
    return kept;
  }

  /** Seconds until `key` may go on, or 0 when it may now. */
  retryAfter(key: string): number {
    const kept = this.recent(key);
    return kept.length < this.limit
      ? 0
      : Math.max(1, Math.ceil((kept[0]! + this.windowMs - this.now()) / 1000));
  }

  record(key: string): void {
    this.events.set(key, [...this.recent(key), this.now()]);
  }
}

/** A login refused before it reaches Keystone, saying when to try again. */
export class TooManyLogins extends AppError {
  constructor(
    sentence: Sentence,
    readonly retryAfterSeconds: number,
  ) {
    super("rate_limited", sentence);
  }
}

/**
 * Limits on logins through this dashboard, so it cannot be used to spray passwords at a
 * cloud's Keystone from its own address: failed logins per user name and in all, and
 * attempts per client address where a trusted proxy says which address that is. Counted
 * per server process.
 */
export class LoginLimits {
  constructor(
    readonly failuresPerUser = new SlidingWindow(5, 5 * 60_000),
    readonly failuresInAll = new SlidingWindow(100, 60_000),
    readonly attemptsPerClient = new SlidingWindow(30, 60_000),
  ) {}

  /** Runs a login unless a limit is reached; a refused password counts against the limits. */
  async attempt<T>(
    who: { cloud: string; username: string; client: string | null },
    login: () => Promise<T>,
  ): Promise<T> {
    const user = `${who.cloud}|${who.username.toLowerCase()}`;
    const checks: [SlidingWindow, string, (seconds: number) => Sentence][] = [
      [
        this.failuresPerUser,
        user,
        (seconds) => say("login.tooManyForUser", { user: who.username, seconds }),
      ],
      [this.failuresInAll, "all", (seconds) => say("login.tooManyInAll", { seconds })],
    ];
    if (who.client)
      checks.push([
        this.attemptsPerClient,
        who.client,
        (seconds) => say("login.tooManyFromAddress", { seconds }),
      ]);
    for (const [window, key, sentence] of checks) {
      const wait = window.retryAfter(key);
      if (wait > 0) throw new TooManyLogins(sentence(wait), wait);
    }
    if (who.client) this.attemptsPerClient.record(who.client);
    try {
      return await login();
    } catch (err) {
      if (err instanceof AppError && err.code === "invalid_credentials") {
        this.failuresPerUser.record(user);
        this.failuresInAll.record("all");
      }
      throw err;
    }
  }
}

/** The limits of this server process. */
export const loginLimits = new LoginLimits();
