import "server-only";
import { sealData, unsealData } from "iron-session";
import { cookies, headers } from "next/headers";
import { getEnv } from "@/lib/env";

// One sealed cookie per connected project: a single 4 KB cookie cannot hold ten
// tokens. Cookies are httpOnly (no JavaScript reads them), SameSite=Lax (no
// cross-site POST carries them) and Secure in production.

const CONNECTION_PREFIX = "gs_conn_";
const DISCOVERY_COOKIE = "gs_discovery";
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

async function cookieOptions(maxAgeSeconds: number) {
  const host = ((await headers()).get("host") ?? "").replace(/:\d+$/, "");
  // Browsers treat loopback as a secure context, so the demo and tests run over http.
  const loopback = host === "localhost" || host === "127.0.0.1" || host === "[::1]";
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    secure: getEnv().nodeEnv === "production" && !loopback,
    path: "/",
    maxAge: Math.max(1, Math.floor(maxAgeSeconds)),
  };
}

const secondsUntil = (iso: string) => (new Date(iso).getTime() - Date.now()) / 1000;

async function seal(data: object, ttlSeconds: number) {
  return sealData(data, { password: getEnv().sessionSecret, ttl: Math.max(60, Math.floor(ttlSeconds)) });
}

// Opening a seal costs about a millisecond and a page's request opens each cookie a few
// times: seals opened in the last minute are remembered. The key is the whole sealed
// value (authenticated), so only a cookie this server sealed can hit the cache.
const UNSEALED_TTL_MS = 60_000;
const UNSEALED_MAX = 1000;
const unsealed = new Map<string, { data: unknown; until: number }>();

async function unseal<T>(sealed: string): Promise<T | null> {
  const hit = unsealed.get(sealed);
  // A copy: callers may change what they read before writing it back.
  if (hit && hit.until > Date.now()) return structuredClone(hit.data) as T;
  let data: T | null = null;
  try {
    const opened = await unsealData<T>(sealed, { password: getEnv().sessionSecret });
    // iron-session answers {} for a seal it cannot open (tampered, foreign, expired).
    data = opened && Object.keys(opened).length > 0 ? opened : null;
  } catch {
    data = null;
  }
  if (data) {
    if (unsealed.size >= UNSEALED_MAX) unsealed.delete(unsealed.keys().next().value!);
    unsealed.set(sealed, { data: structuredClone(data), until: Date.now() + UNSEALED_TTL_MS });
  }
  return data;
}

/** Every connection of this browser; cookies that do not unseal are ignored. */
export async function readConnections(): Promise<StoredConnection[]> {
  const jar = await cookies();
  const found = await Promise.all(
    jar
      .getAll()
      .filter((c) => c.name.startsWith(CONNECTION_PREFIX))
      .map(async (c) => {
        const data = await unseal<StoredConnection>(c.value);
        return data && `${CONNECTION_PREFIX}${data.id}` === c.name ? data : null;
      }),
  );
  return found.filter((c): c is StoredConnection => c !== null).sort((a, b) => a.project.name.localeCompare(b.project.name));
}

/** One connection by id: only its own cookie is unsealed. */
export async function readConnection(id: string): Promise<StoredConnection | null> {
  const value = (await cookies()).get(`${CONNECTION_PREFIX}${id}`)?.value;
  const data = value ? await unseal<StoredConnection>(value) : null;
  return data?.id === id ? data : null;
}

export async function writeConnection(connection: StoredConnection): Promise<void> {
  const ttl = secondsUntil(connection.expiresAt);
  (await cookies()).set(`${CONNECTION_PREFIX}${connection.id}`, await seal(connection, ttl), await cookieOptions(ttl));
}

export async function deleteCookie(name: string): Promise<void> {
  (await cookies()).delete(name);
}

export async function deleteConnection(id: string): Promise<void> {
  await deleteCookie(`${CONNECTION_PREFIX}${id}`);
}

export async function writeDiscovery(discovery: StoredDiscovery): Promise<void> {
  const ttl = Math.min(DISCOVERY_TTL_SECONDS, secondsUntil(discovery.expiresAt));
  (await cookies()).set(DISCOVERY_COOKIE, await seal(discovery, ttl), await cookieOptions(ttl));
}

export async function readDiscovery(): Promise<StoredDiscovery | null> {
  const value = (await cookies()).get(DISCOVERY_COOKIE)?.value;
  return value ? unseal<StoredDiscovery>(value) : null;
}

export async function clearDiscovery(): Promise<void> {
  await deleteCookie(DISCOVERY_COOKIE);
}
