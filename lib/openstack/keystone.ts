import "server-only";

import { z } from "zod";

import { say, type Sentence } from "@/lib/i18n/sentence";

import { OpenStackError } from "./errors";
import { openstackRequest, type ErrorClassifier } from "./http";

// ---- Upstream shapes (Keystone v3) -------------------------------------------------

const namedRefSchema = z.object({ id: z.string(), name: z.string() });

const catalogEntrySchema = z.object({
  type: z.string(),
  name: z.string().optional(),
  endpoints: z.array(
    z.object({
      interface: z.string(),
      region_id: z.string().nullish(),
      region: z.string().nullish(),
      url: z.string(),
    }),
  ),
});

const tokenBodySchema = z.object({
  token: z.object({
    methods: z.array(z.string()),
    expires_at: z.string(),
    issued_at: z.string(),
    user: namedRefSchema.extend({ domain: namedRefSchema }),
    project: namedRefSchema.extend({ domain: namedRefSchema }).optional(),
    roles: z.array(namedRefSchema).default([]),
    catalog: z.array(catalogEntrySchema).default([]),
    application_credential: z.object({ id: z.string(), name: z.string() }).optional(),
  }),
});

const authProjectsSchema = z.object({
  projects: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      domain_id: z.string(),
      enabled: z.boolean().default(true),
    }),
  ),
});

// ---- App shapes ----------------------------------------------------------------

export type DomainRef = { id: string } | { name: string };
export type UserRef = { id: string } | { name: string; domain: DomainRef };
export type ProjectScope = { id: string } | { name: string; domain: DomainRef };

export interface ImageEndpoint {
  region: string;
  /** Base URL without a version: calls append `/v2/...`. */
  url: string;
}

/** What a token says about whom it speaks for; the token text itself stays server-side. */
export interface KeystoneToken {
  token: string;
  expiresAt: string;
  issuedAt: string;
  methods: string[];
  user: { id: string; name: string; domainId: string; domainName: string };
  project: { id: string; name: string; domainId: string; domainName: string } | null;
  roles: string[];
  applicationCredentialId: string | null;
  imageEndpoints: ImageEndpoint[];
  /** The compute service's endpoints, one per region that has one (a cloud may have none). */
  computeEndpoints: ComputeEndpoint[];
}

export interface ComputeEndpoint {
  region: string;
  /** Base URL of the v2.1 API, without a project id: calls append `/servers/...`. */
  url: string;
}

export interface AuthProject {
  id: string;
  name: string;
  domainId: string;
  enabled: boolean;
}

// ---- URLs ----------------------------------------------------------------------

/** `https://host/v3/` and `https://host` both become `https://host/v3`. */
export function normalizeAuthUrl(authUrl: string): string {
  const url = authUrl.trim().replace(/\/+$/, "");
  return /\/v3$/.test(url) ? url : `${url}/v3`;
}

/** Catalog image URLs may or may not carry a version (OVHcloud's have none): strip it. */
export function normalizeImageEndpoint(url: string): string {
  return url
    .trim()
    .replace(/\/+$/, "")
    .replace(/\/v2(\.\d+)?$/, "");
}

/**
 * Catalog compute URLs come as `/v2.1`, `/v2.1/<project id>` or the legacy `/v2/<project
 * id>`: every one becomes the project-free `/v2.1`, the API that has microversions.
 */
export function normalizeComputeEndpoint(url: string): string {
  const base = url
    .trim()
    .replace(/\/+$/, "")
    .replace(
      /\/(%\(tenant_id\)s|%\(project_id\)s|\$\(tenant_id\)s|\$\(project_id\)s|[0-9a-f]{32})$/i,
      "",
    )
    .replace(/\/v2(\.1)?$/, "");
  return `${base}/v2.1`;
}

type Catalog = z.infer<typeof catalogEntrySchema>[];

/** One service type's endpoints of one interface, one per region. */
function serviceEndpoints(
  catalog: Catalog,
  type: string,
  normalize: (url: string) => string,
  iface: string,
): { region: string; url: string }[] {
  const byRegion = new Map<string, string>();
  for (const entry of catalog) {
    if (entry.type !== type) continue;
    for (const ep of entry.endpoints) {
      const region = ep.region_id ?? ep.region;
      if (ep.interface === iface && region && !byRegion.has(region))
        byRegion.set(region, normalize(ep.url));
    }
  }
  return [...byRegion]
    .map(([region, url]) => ({ region, url }))
    .sort((a, b) => a.region.localeCompare(b.region));
}

/** The image service's endpoints of one interface, one per region. */
export const imageEndpoints = (catalog: Catalog, iface = "public"): ImageEndpoint[] =>
  serviceEndpoints(catalog, "image", normalizeImageEndpoint, iface);

/** The compute service's endpoints of one interface, one per region. */
export const computeEndpoints = (catalog: Catalog, iface = "public"): ComputeEndpoint[] =>
  serviceEndpoints(catalog, "compute", normalizeComputeEndpoint, iface);

// ---- Calls ---------------------------------------------------------------------

const authClassifier: ErrorClassifier = (status) =>
  status === 401 ? "invalid_credentials" : undefined;

// Keystone answers the same 401 to a wrong password, an unknown project and a
// missing role (to leak nothing); say what to check for each way of logging in.
const refusals: Record<"password" | "application_credential" | "token", Sentence> = {
  password: say("keystone.refused.password"),
  application_credential: say("keystone.refused.application_credential"),
  token: say("keystone.refused.token"),
};

async function issueToken(
  authUrl: string,
  auth: { identity: { methods: string[]; [k: string]: unknown } },
  iface?: string,
): Promise<KeystoneToken> {
  const res = await openstackRequest({
    service: "keystone",
    method: "POST",
    url: `${normalizeAuthUrl(authUrl)}/auth/tokens`,
    body: { auth },
    schema: tokenBodySchema,
    classify: authClassifier,
  }).catch((err: unknown) => {
    const method = auth.identity.methods[0] as keyof typeof refusals;
    if (err instanceof OpenStackError && err.code === "invalid_credentials" && refusals[method]) {
      throw new OpenStackError(err.code, refusals[method], "keystone", err.upstreamStatus);
    }
    throw err;
  });
  const token = res.headers.get("X-Subject-Token");
  if (!token)
    throw new OpenStackError("invalid_response", say("keystone.noToken"), "keystone", res.status);
  const t = res.data.token;
  return {
    token,
    expiresAt: t.expires_at,
    issuedAt: t.issued_at,
    methods: t.methods,
    user: {
      id: t.user.id,
      name: t.user.name,
      domainId: t.user.domain.id,
      domainName: t.user.domain.name,
    },
    project: t.project
      ? {
          id: t.project.id,
          name: t.project.name,
          domainId: t.project.domain.id,
          domainName: t.project.domain.name,
        }
      : null,
    roles: t.roles.map((r) => r.name).sort(),
    applicationCredentialId: t.application_credential?.id ?? null,
    imageEndpoints: imageEndpoints(t.catalog, iface),
    computeEndpoints: computeEndpoints(t.catalog, iface),
  };
}

const scopeBody = (scope?: ProjectScope) => (scope ? { scope: { project: scope } } : {});

/** Password login; unscoped when no project is given (then list projects and rescope). */
export function authenticateWithPassword(
  authUrl: string,
  credentials: { user: UserRef; password: string },
  scope?: ProjectScope,
  iface?: string,
): Promise<KeystoneToken> {
  return issueToken(
    authUrl,
    {
      identity: {
        methods: ["password"],
        password: { user: { ...credentials.user, password: credentials.password } },
      },
      ...scopeBody(scope),
    },
    iface,
  );
}

/** Application-credential login: the token is always scoped to the credential's project. */
export function authenticateWithApplicationCredential(
  authUrl: string,
  credential: { id: string; secret: string },
  iface?: string,
): Promise<KeystoneToken> {
  return issueToken(
    authUrl,
    { identity: { methods: ["application_credential"], application_credential: credential } },
    iface,
  );
}

/** A new token for another project, issued from an existing (usually unscoped) one. */
export function rescopeToken(
  authUrl: string,
  token: string,
  scope: ProjectScope,
  iface?: string,
): Promise<KeystoneToken> {
  return issueToken(
    authUrl,
    { identity: { methods: ["token"], token: { id: token } }, ...scopeBody(scope) },
    iface,
  );
}

/** The projects the token's user may scope to. */
export async function listAuthProjects(authUrl: string, token: string): Promise<AuthProject[]> {
  const res = await openstackRequest({
    service: "keystone",
    url: `${normalizeAuthUrl(authUrl)}/auth/projects`,
    token,
    schema: authProjectsSchema,
  });
  return res.data.projects
    .map((p) => ({ id: p.id, name: p.name, domainId: p.domain_id, enabled: p.enabled }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Lookups that every page waits on (the catalog, a token check) answer in milliseconds
 * from a working Keystone: a stalled one is given up on well before the general timeout.
 */
export const LOOKUP_TIMEOUT_MS = 4_000;

/** The image and compute endpoints of a token's catalog, fetched again (the catalog is not kept in sessions). */
export async function listCatalogEndpoints(
  authUrl: string,
  token: string,
  iface?: string,
): Promise<{ image: ImageEndpoint[]; compute: ComputeEndpoint[] }> {
  const res = await openstackRequest({
    service: "keystone",
    url: `${normalizeAuthUrl(authUrl)}/auth/catalog`,
    token,
    timeoutMs: LOOKUP_TIMEOUT_MS,
    schema: z.object({ catalog: z.array(catalogEntrySchema) }),
  });
  return {
    image: imageEndpoints(res.data.catalog, iface),
    compute: computeEndpoints(res.data.catalog, iface),
  };
}

/** DELETE or HEAD on a token, as itself; false when Keystone no longer knows the token. */
async function onOwnToken(
  authUrl: string,
  token: string,
  method: "DELETE" | "HEAD",
): Promise<boolean> {
  try {
    await openstackRequest({
      service: "keystone",
      method,
      url: `${normalizeAuthUrl(authUrl)}/auth/tokens`,
      token,
      headers: { "X-Subject-Token": token },
      timeoutMs: LOOKUP_TIMEOUT_MS,
    });
    return true;
  } catch (err) {
    if (err instanceof OpenStackError && (err.upstreamStatus === 401 || err.upstreamStatus === 404))
      return false;
    throw err;
  }
}

/** Revokes a token; revoking one that is already invalid is not an error. */
export async function revokeToken(authUrl: string, token: string): Promise<void> {
  await onOwnToken(authUrl, token, "DELETE");
}

/** Whether a token is still valid (a token may check itself). */
export function isTokenValid(authUrl: string, token: string): Promise<boolean> {
  return onOwnToken(authUrl, token, "HEAD");
}
