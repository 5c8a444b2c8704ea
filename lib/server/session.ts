import "server-only";

import { sealData, unsealData, type UnsealErrorReason } from "iron-session";
import { cookies } from "next/headers";

import { AppError } from "@/lib/errors";
import { say } from "@/lib/i18n/sentence";
import { getEnv } from "@/lib/server/env";

// One sealed cookie per connected project: a single 4 KB cookie cannot hold ten
// tokens. Cookies are httpOnly (no JavaScript reads them), SameSite=Lax (no
// cross-site POST carries them) and Secure in production.

const CONNECTION_PREFIX = "gs_conn_";
const DISCOVERY_COOKIE = "gs_discovery";
// Over https, cookie names carry the __Host- prefix: browsers then accept them only
// Secure, for this host alone (no Domain), on path / — a sibling subdomain cannot set one.
const HOST_PREFIX = "__Host-";
const DISCOVERY_TTL_SECONDS = 10 * 60;

/** Enough for every project a person holds, and well inside browsers' header limits. */
export const MAX_CONNECTIONS = 12;

export interface StoredConnection {
  id: string;
  cloud: string;
  authUrl: string;
  token: string;
  expiresAt: string;
  method: "password" | "application_credential" | "token";
  user: { id: string; name: string; domainName: string };
  project: { id: string; name: string; domainName: string };
  roles: string[];
  /** Set when an upstream refused the token before its expiry (revoked). */
  expired?: boolean;
}

/** An unscoped token kept for a few minutes while a person picks projects to connect. */
export interface StoredDiscovery {
  cloud: string;
  authUrl: string;
  token: string;
  expiresAt: string;
  user: { id: string; name: string; domainName: string };
}

export interface CookieOptions {
  httpOnly: boolean;
  sameSite: "lax";
  secure: boolean;
  path: string;
  maxAge: number;
}

/** What the session needs of a cookie store: Next's request cookies, or a map in tests. */
export interface CookieJar {
  get(name: string): { value: string } | undefined;
  getAll(): { name: string; value: string }[];
  set(name: string, value: string, options: CookieOptions): unknown;
  delete(name: string): unknown;
}

/** A cookie store in memory: the cookies a job kept, or a browser's in tests. */
export class MemoryJar implements CookieJar {
  readonly cookies = new Map<string, { value: string; options: CookieOptions | null }>();

  constructor(initial: Record<string, string> = {}) {
    for (const [name, value] of Object.entries(initial))
      this.cookies.set(name, { value, options: null });
  }
  get(name: string) {
    const c = this.cookies.get(name);
    return c ? { value: c.value } : undefined;
  }
  getAll() {
    return [...this.cookies].map(([name, c]) => ({ name, value: c.value }));
  }
  set(name: string, value: string, options: CookieOptions) {
    this.cookies.set(name, { value, options });
  }
  delete(name: string) {
    this.cookies.delete(name);
  }
}

// An unseal costs 0.6–0.9 ms here (iron's key derivation through WebCrypto), and a
// request opens every connection to name member projects. Seals opened in the last
// minute are remembered across requests; the key is the secrets and the whole sealed
// value, which is authenticated, so only a cookie these secrets opened can hit.
// npm run bench measures what it saves.
const REMEMBER_MS = 60_000;
const REMEMBER_MAX = 1000;
const remembered = new Map<string, { data: object | null; until: number }>();

function remember(sealed: string, data: object | null) {
  if (!data) return;
  if (remembered.size >= REMEMBER_MAX) remembered.delete(remembered.keys().next().value!);
  remembered.set(sealed, { data, until: Date.now() + REMEMBER_MS });
}

const secondsUntil = (iso: string) => (new Date(iso).getTime() - Date.now()) / 1000;

/**
 * The sealed cookies of one request. Each cookie is unsealed at most once per store
 * (a request opens one store), and only the ones asked for.
 */
export class SessionStore {
  private readonly opened = new Map<string, Promise<unknown>>();
  private readonly connectionPrefix: string;
  private readonly discoveryCookie: string;

  constructor(
    private readonly jar: CookieJar,
    private readonly options: { secret: string; previous?: string[]; secure: boolean },
  ) {
    const prefix = options.secure ? HOST_PREFIX : "";
    this.connectionPrefix = `${prefix}${CONNECTION_PREFIX}`;
    this.discoveryCookie = `${prefix}${DISCOVERY_COOKIE}`;
  }

  private cookieOptions(ttlSeconds: number): CookieOptions {
    return {
      httpOnly: true,
      sameSite: "lax",
      secure: this.options.secure,
      path: "/",
      maxAge: Math.max(1, Math.floor(ttlSeconds)),
    };
  }

  private seal(data: object, ttlSeconds: number) {
    return sealData(data, {
      password: this.options.secret,
      ttl: Math.max(60, Math.floor(ttlSeconds)),
    });
  }

  private unseal<T>(name: string): Promise<T | null> {
    const value = this.jar.get(name)?.value;
    if (!value) return Promise.resolve(null);
    const key = `${name}=${value}`;
    let opening = this.opened.get(key);
    if (!opening) {
      const rememberKey = `${[this.options.secret, ...(this.options.previous ?? [])].join("\u0000")}\u0000${value}`;
      const hit = remembered.get(rememberKey);
      opening =
        hit && hit.until > Date.now()
          ? Promise.resolve(hit.data)
          : this.open(value).then((opened) => {
              remember(rememberKey, opened);
              return opened;
            });
      this.opened.set(key, opening);
    }
    // A copy: callers may change what they read before writing it back.
    return opening.then((data) => (data ? (structuredClone(data) as T) : null));
  }

  /**
   * Opens a seal with the current secret, else with each previous one (after a rotation,
   * cookies sealed before it keep working until they expire). Every seal is made with the
   * current secret alone.
   */
  private async open(value: string): Promise<object | null> {
    const refusals = new Set<UnsealErrorReason>();
    for (const password of [this.options.secret, ...(this.options.previous ?? [])]) {
      // iron-session answers {} for a seal it cannot open (tampered, foreign, expired).
      const data = await unsealData<object>(value, {
        password,
        onUnsealError: (reason) => refusals.add(reason),
      }).catch(() => null);
      if (data && Object.keys(data).length > 0) return data;
    }
    // An expired seal is how a connection ends. A seal no secret opens was altered, or
    // made with a secret dropped while still in use: the operator should hear of both.
    if (!refusals.has("expired"))
      console.warn(
        `[glance-share] a session cookie no configured secret opens was ignored (${[...refusals].join(", ") || "empty"})`,
      );
    return null;
  }

  /** Ids of the connection cookies present, sealed or not (nothing is unsealed). */
  connectionIds(): string[] {
    return this.jar
      .getAll()
      .filter((c) => c.name.startsWith(this.connectionPrefix))
      .map((c) => c.name.slice(this.connectionPrefix.length));
  }

  /**
   * The sealed cookies of some connections, as they are: a job keeps them so that any
   * instance can act as this browser did after it (they open only with the session secret,
   * and expire with the tokens inside).
   */
  sealedConnections(ids: string[]): Record<string, string> {
    const kept: Record<string, string> = {};
    for (const id of ids) {
      const value = this.jar.get(`${this.connectionPrefix}${id}`)?.value;
      if (value) kept[`${this.connectionPrefix}${id}`] = value;
    }
    return kept;
  }

  /** One connection by id; a cookie that does not unseal, or names another id, is ignored. */
  async readConnection(id: string): Promise<StoredConnection | null> {
    const data = await this.unseal<StoredConnection>(`${this.connectionPrefix}${id}`);
    return data?.id === id ? data : null;
  }

  /** Every connection of this browser, by project name. */
  async readConnections(): Promise<StoredConnection[]> {
    const found = await Promise.all(this.connectionIds().map((id) => this.readConnection(id)));
    return found
      .filter((c): c is StoredConnection => c !== null)
      .sort((a, b) => a.project.name.localeCompare(b.project.name));
  }

  async writeConnection(connection: StoredConnection): Promise<void> {
    const ttl = secondsUntil(connection.expiresAt);
    const name = `${this.connectionPrefix}${connection.id}`;
    const sealed = await this.seal(connection, ttl);
    this.jar.set(name, sealed, this.cookieOptions(ttl));
    this.opened.set(`${name}=${sealed}`, Promise.resolve(structuredClone(connection)));
  }

  /**
   * Adds a connection, replacing one of the same user on the same project (it keeps
   * that one's id), within MAX_CONNECTIONS. Returns the connection as saved.
   */
  async saveConnection(connection: StoredConnection): Promise<StoredConnection> {
    const existing = await this.readConnections();
    const same = existing.find(
      (c) =>
        c.authUrl === connection.authUrl &&
        c.project.id === connection.project.id &&
        c.user.id === connection.user.id,
    );
    const saved = same ? { ...connection, id: same.id } : connection;
    if (!same && existing.length >= MAX_CONNECTIONS) {
      throw new AppError(
        "too_many_projects",
        say("session.tooMany", { max: MAX_CONNECTIONS, project: connection.project.name }),
      );
    }
    await this.writeConnection(saved);
    return saved;
  }

  deleteConnection(id: string): void {
    this.jar.delete(`${this.connectionPrefix}${id}`);
  }

  async writeDiscovery(discovery: StoredDiscovery): Promise<void> {
    const ttl = Math.min(DISCOVERY_TTL_SECONDS, secondsUntil(discovery.expiresAt));
    this.jar.set(this.discoveryCookie, await this.seal(discovery, ttl), this.cookieOptions(ttl));
  }

  readDiscovery(): Promise<StoredDiscovery | null> {
    return this.unseal<StoredDiscovery>(this.discoveryCookie);
  }

  clearDiscovery(): void {
    this.jar.delete(this.discoveryCookie);
  }
}

const storeOptions = () => {
  const env = getEnv();
  return {
    secret: env.sessionSecret,
    previous: env.previousSessionSecrets,
    secure: env.appOrigin?.startsWith("https:") ?? false,
  };
};

/** A session made of the cookies a job kept (see `sealedConnections`): no browser, no response. */
export function keptSession(cookies: Record<string, string>): SessionStore {
  return new SessionStore(new MemoryJar(cookies), storeOptions());
}

/**
 * The session of the current request (route handler, page or server action). Cookies are
 * Secure when the configured origin is https, whatever Host header a proxy passes on.
 */
export async function requestSession(): Promise<SessionStore> {
  return new SessionStore(await cookies(), storeOptions());
}
