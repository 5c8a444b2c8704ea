import { request as httpRequest } from "node:http";

import {
  expect,
  request as requests,
  type APIRequestContext,
  type APIResponse,
  type BrowserContext,
} from "@playwright/test";

import { cloud, DEMO_PASSWORD } from "./local-cloud";

/** The main test server's origin. */
const testOrigin = new URL(
  process.env.E2E_BASE_URL ?? `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`,
).origin;

/** Calls the dashboard's API as its own pages do (same Origin); `origin` names another dashboard than the main test server. */
export function apiCall(
  request: APIRequestContext,
  method: "POST" | "DELETE",
  path: string,
  data?: unknown,
  origin = testOrigin,
): Promise<APIResponse> {
  return request.fetch(path, { method, data, headers: { Origin: origin } });
}

/**
 * Sends a path byte for byte, as curl --path-as-is does: browsers and Playwright resolve
 * "%2e%2e" as a dot segment before sending, an attacker's client does not.
 */
export async function rawCall(
  context: BrowserContext,
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const base = new URL(
    process.env.E2E_BASE_URL ?? `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`,
  );
  const cookie = (await context.cookies(base.origin)).map((c) => `${c.name}=${c.value}`).join("; ");
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: base.hostname,
        port: base.port,
        method,
        path,
        headers: { Origin: base.origin, Cookie: cookie, ...headers },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

export interface InviteResult {
  ok: boolean;
  outcome: "added" | "existing" | null;
  member: { memberId: string; status: string } | null;
  error: { code: string; message: string } | null;
}

/**
 * Invites through POST /api/members as the pages do. A refused request (bad input,
 * cross-site) has no results; otherwise each pair's streamed result, in request order.
 */
export async function inviteMembers(
  request: APIRequestContext,
  items: { connection: string; region: string; imageId: string; memberId: string }[],
): Promise<{ status: number; body: string; results: InviteResult[] }> {
  const res = await apiCall(request, "POST", "/api/members", { items });
  const body = await res.text();
  if (!res.ok()) return { status: res.status(), body, results: [] };
  const events = body
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { index: number; result: InviteResult });
  expect(events.map((e) => e.index).sort()).toEqual(items.map((_, i) => i));
  const results: InviteResult[] = [];
  for (const e of events) results[e.index] = e.result;
  return { status: res.status(), body, results };
}

export async function connectWithPassword(
  request: APIRequestContext,
  user: string,
  project: string,
  domain = "Default",
  origin = testOrigin,
) {
  const res = await apiCall(
    request,
    "POST",
    "/api/projects",
    {
      method: "password",
      cloud: "local",
      username: user,
      userDomain: domain,
      password: DEMO_PASSWORD,
      project,
      projectDomain: domain,
    },
    origin,
  );
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as { id: string; project: { name: string } };
}

type Connected = Awaited<ReturnType<typeof connectWithPassword>>;
type Cookies = Parameters<BrowserContext["addCookies"]>[0];

/** One login per user and project for the whole worker: its cookie, and what the server answered. */
const logins = new Map<string, Promise<{ cookies: Cookies; connected: Connected }>>();

/**
 * Connects a project to a page's browser as `connectWithPassword` does, with a login made
 * once per worker: the session lives in its cookie, so every later test takes that cookie
 * as it is instead of asking Keystone and the server again. For tests that keep their
 * projects connected; a test that disconnects or revokes logs in on its own
 * (`connectWithPassword`), or the tests after it would hold a revoked token.
 */
export async function connectAs(
  page: { context(): BrowserContext },
  user: string,
  project: string,
  domain = "Default",
): Promise<Connected> {
  const key = `${user}\u0000${project}\u0000${domain}`;
  let login = logins.get(key);
  if (!login) {
    login = (async () => {
      const api = await requests.newContext({ baseURL: testOrigin });
      try {
        const connected = await connectWithPassword(api, user, project, domain);
        return { cookies: (await api.storageState()).cookies, connected };
      } finally {
        await api.dispose();
      }
    })();
    login.catch(() => logins.delete(key));
    logins.set(key, login);
  }
  const { cookies, connected } = await login;
  await page.context().addCookies(cookies);
  return connected;
}

/**
 * Keystone's revocation events since a moment, read as the cloud admin: a revoked token
 * leaves one. (Counting them all is not enough: Keystone prunes the expired ones.)
 */
export async function revocationEventsSince(since: Date): Promise<number> {
  const auth = await fetch(`${cloud.authUrl}/auth/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ["password"],
          password: {
            user: {
              name: cloud.admin.name,
              domain: { id: "default" },
              password: cloud.admin.password,
            },
          },
        },
        scope: { project: { name: cloud.admin.project, domain: { id: "default" } } },
      },
    }),
  });
  const token = auth.headers.get("X-Subject-Token")!;
  const events = await fetch(
    `${cloud.authUrl}/OS-REVOKE/events?${new URLSearchParams({ since: since.toISOString() })}`,
    { headers: { "X-Auth-Token": token } },
  );
  const body = (await events.json()) as { events: unknown[] };
  return body.events.length;
}

/** Connects each seeded project as its member (`alpha-member` to alpha, ...), in this order. */
export async function connectMembers<const P extends readonly string[]>(
  page: { context(): BrowserContext },
  ...projects: P
): Promise<{ [K in keyof P]: Connected }> {
  const connected: Connected[] = [];
  for (const project of projects)
    connected.push(await connectAs(page, `${project}-member`, project));
  return connected as { [K in keyof P]: Connected };
}
