// Plain HTTP for the benchmark: the floor must not go through the dashboard's own code.
import { readCloudFile } from "../seed/cloud-file";

export const cloud = readCloudFile();
/** The dashboard under test (scripts/bench/run starts one). */
export const BASE = process.env.BENCH_URL ?? "http://127.0.0.1:3300";

/**
 * The local cloud's regions, and the same Glances reached through the delay proxies of the
 * latency section (scripts/bench/latency.ts), registered in Keystone as regions of their own.
 */
export const DISTANT = {
  authUrl: "http://127.0.0.1:5050/v3",
  regions: { LatencyOne: "http://127.0.0.1:9350", LatencyTwo: "http://127.0.0.1:9351" },
  /** Which local region each distant one relays to. */
  of: { LatencyOne: "RegionOne", LatencyTwo: "RegionTwo" },
} as const;

export const glanceUrl = (region = "RegionOne") =>
  DISTANT.regions[region as keyof typeof DISTANT.regions] ??
  cloud.regions.find((r) => r.id === region)!.imageUrl;

/** A project-scoped token issued before any timing starts (through `authUrl`: the local Keystone, or a distant one). */
export async function issueToken(
  user: string,
  project: string,
  authUrl: string = cloud.authUrl,
): Promise<string> {
  const u = cloud.users[user]!;
  const res = await fetch(`${authUrl}/auth/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      auth: {
        identity: { methods: ["password"], password: { user: { id: u.id, password: u.password } } },
        scope: { project: { id: cloud.projects[project]!.id } },
      },
    }),
  });
  if (!res.ok) throw new Error(`Keystone refused ${user}: ${res.status}`);
  return res.headers.get("X-Subject-Token")!;
}

/** One Glance call with a token; throws on an unexpected status. */
export async function glance(
  token: string,
  method: string,
  path: string,
  body?: unknown,
  region = "RegionOne",
): Promise<unknown> {
  const res = await fetch(`${glanceUrl(region)}${path}`, {
    method,
    headers: {
      "X-Auth-Token": token,
      "Content-Type": "application/json",
      Accept: "application/json",
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok && res.status !== 409)
    throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json().catch(() => null);
}

/** Every image id of a Glance listing, following its `next` links from `first` (a /v2/images path). */
export async function allImageIds(token: string, first: string, region = "RegionOne") {
  const ids: string[] = [];
  let next: string | undefined = first;
  while (next) {
    const page = (await glance(token, "GET", next, undefined, region)) as {
      images: { id: string }[];
      next?: string;
    };
    ids.push(...page.images.map((i) => i.id));
    next = page.images.length > 0 ? page.next : undefined;
  }
  return ids;
}

/** A browser-like session on the dashboard: its cookies, its Origin. */
export class DashboardSession {
  private cookies = new Map<string, string>();
  /** The last answer's Server-Timing entries (ms): the dashboard's own time, Glance's. */
  lastTiming: Record<string, number> = {};
  /** Called with every answer's headers (a test reads which server answered). */
  onHeaders: (headers: Headers) => void = () => undefined;
  constructor(readonly base: string) {}

  /** The Cookie header this session sends. */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        Origin: this.base,
        Cookie: this.cookieHeader(),
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    this.onHeaders(res.headers);
    this.lastTiming = Object.fromEntries(
      (res.headers.get("server-timing") ?? "")
        .split(",")
        .map((e) => /^\s*([\w-]+);dur=([\d.]+)/.exec(e))
        .filter((m) => m !== null)
        .map((m) => [m[1]!, Number(m[2])]),
    );
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
    // A streamed answer (NDJSON) comes back as its list of events.
    if (res.headers.get("content-type")?.includes("ndjson"))
      return text
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as unknown);
    return JSON.parse(text);
  }

  /** Reads a streamed answer; resolves with ms until the first chunk holding `marker`, and in all. */
  async stream(
    path: string,
    marker: string,
  ): Promise<{ first: number; total: number; text: string }> {
    const start = performance.now();
    const res = await fetch(`${this.base}${path}`, { headers: { Cookie: this.cookieHeader() } });
    if (!res.ok || !res.body) throw new Error(`GET ${path}: ${res.status}`);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    let first = NaN;
    for (;;) {
      const { value, done } = await reader.read();
      if (value) text += value;
      if (Number.isNaN(first) && text.includes(marker)) first = performance.now() - start;
      if (done) break;
    }
    return { first, total: performance.now() - start, text };
  }

  /** Connects a seeded user's project (on the local cloud, or another of the server's clouds); returns the connection id. */
  async connect(user: string, project: string, cloudName = "local"): Promise<string> {
    const u = cloud.users[user]!;
    const p = cloud.projects[project]!;
    const dto = (await this.call("POST", "/api/projects", {
      method: "password",
      cloud: cloudName,
      username: user,
      userDomain: u.domainName,
      password: u.password,
      project: p.id,
      projectDomain: p.domainName,
    })) as { id: string };
    return dto.id;
  }
}

/** Runs `fn` with at most `limit` in flight. */
export async function pool<T>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}
