import "server-only";
import { randomBytes } from "node:crypto";
import { AppError } from "@/lib/errors";
import { OpenStackError } from "@/lib/openstack/errors";
import type { GlanceTarget } from "@/lib/openstack/glance";
import {
  authenticateWithApplicationCredential,
  authenticateWithPassword,
  isTokenValid,
  listAuthProjects,
  listImageEndpoints,
  rescopeToken,
  revokeToken,
  type ImageEndpoint,
  type KeystoneToken,
  type ProjectScope,
} from "@/lib/openstack/keystone";
import type { ConnectInput, ConnectionDto, ConnectionsDto, DiscoverInput, DiscoveryDto } from "@/lib/schemas/connections";
import {
  MAX_CONNECTIONS,
  clearDiscovery,
  deleteConnection,
  readConnection,
  readConnections,
  readDiscovery,
  writeConnection,
  writeDiscovery,
  type StoredConnection,
} from "@/lib/session";
import { cloudOfConnection, configuredClouds, resolveCloud, type CloudConfig } from "./clouds";

// Image endpoints come with the token's catalog; they stay in server memory rather
// than in the cookie (a big catalog would not fit), and are fetched again if lost.
const endpointCache = new Map<string, ImageEndpoint[]>();
const endpointKey = (c: Pick<StoredConnection, "authUrl" | "project">) => `${c.authUrl}|${c.project.id}`;

const KEYSTONE_ID = /^[0-9a-f]{32}$/i;
const READ_ONLY_ROLES = new Set(["reader"]);
const isReadOnly = (roles: string[]) => roles.length > 0 && roles.every((r) => READ_ONLY_ROLES.has(r));

/** A project named by id (32 hex characters) or by name in a domain. */
export function projectScope(project: string, domain: string): ProjectScope {
  return KEYSTONE_ID.test(project) ? { id: project } : { name: project, domain: { name: domain } };
}

function storedFrom(cloud: CloudConfig, token: KeystoneToken, method: StoredConnection["method"]): StoredConnection {
  if (!token.project) throw new AppError("internal", "Keystone issued a token without a project.");
  const regions = cloud.regions;
  const endpoints = regions ? token.imageEndpoints.filter((e) => regions.includes(e.region)) : token.imageEndpoints;
  const connection: StoredConnection = {
    id: randomBytes(8).toString("hex"),
    cloud: cloud.name,
    authUrl: cloud.authUrl,
    token: token.token,
    expiresAt: token.expiresAt,
    method,
    user: { id: token.user.id, name: token.user.name, domainName: token.user.domainName },
    project: { id: token.project.id, name: token.project.name, domainName: token.project.domainName },
    roles: token.roles,
  };
  endpointCache.set(endpointKey(connection), endpoints);
  return connection;
}

/** Saves a connection, replacing one of the same user on the same project, within the limit. */
async function save(connection: StoredConnection, existing: StoredConnection[]): Promise<StoredConnection[]> {
  const same = existing.find(
    (c) => c.authUrl === connection.authUrl && c.project.id === connection.project.id && c.user.id === connection.user.id,
  );
  if (same) {
    connection.id = same.id;
  } else if (existing.length >= MAX_CONNECTIONS) {
    throw new AppError(
      "too_many_projects",
      `At most ${MAX_CONNECTIONS} projects can be connected at once. Disconnect one to connect ${connection.project.name}.`,
    );
  }
  await writeConnection(connection);
  return [...existing.filter((c) => c.id !== connection.id), connection];
}

async function imageEndpointsOf(connection: StoredConnection): Promise<ImageEndpoint[]> {
  const key = endpointKey(connection);
  let endpoints = endpointCache.get(key);
  if (!endpoints) {
    const cloud = cloudOfConnection(connection.cloud, connection.authUrl);
    const all = await listImageEndpoints(connection.authUrl, connection.token, cloud.interface);
    endpoints = cloud.regions ? all.filter((e) => cloud.regions!.includes(e.region)) : all;
    endpointCache.set(key, endpoints);
  }
  return endpoints;
}

const isExpired = (c: StoredConnection) => c.expired === true || new Date(c.expiresAt).getTime() <= Date.now();

async function toDto(connection: StoredConnection): Promise<ConnectionDto> {
  // A cloud removed from the configuration still lets its connections be listed and disconnected.
  const label = configuredClouds().find((c) => c.name === connection.cloud)?.label ?? connection.cloud;
  const expired = isExpired(connection);
  const regions = expired ? (endpointCache.get(endpointKey(connection)) ?? []) : await imageEndpointsOf(connection).catch(() => []);
  return {
    id: connection.id,
    cloud: { name: connection.cloud, label },
    project: connection.project,
    user: connection.user,
    method: connection.method,
    roles: connection.roles,
    readOnly: isReadOnly(connection.roles),
    regions: regions.map((e) => e.region),
    expiresAt: connection.expiresAt,
    status: expired ? "expired" : "active",
  };
}

/** Logs in with a password or an application credential and connects that project. */
export async function connect(input: ConnectInput): Promise<ConnectionDto> {
  const cloud = await resolveCloud(input.cloud, input.authUrl);
  const existing = await readConnections();
  const token =
    input.method === "password"
      ? await authenticateWithPassword(
          cloud.authUrl,
          { user: { name: input.username, domain: { name: input.userDomain } }, password: input.password },
          projectScope(input.project, input.projectDomain),
          cloud.interface,
        )
      : await authenticateWithApplicationCredential(cloud.authUrl, { id: input.id, secret: input.secret }, cloud.interface);
  const connection = storedFrom(cloud, token, input.method);
  try {
    await save(connection, existing);
  } catch (err) {
    await revokeToken(cloud.authUrl, token.token).catch(() => undefined);
    throw err;
  }
  return toDto(connection);
}

/** One login: lists every project the user can reach, keeping the unscoped token server-side. */
export async function discover(input: DiscoverInput): Promise<DiscoveryDto> {
  const cloud = await resolveCloud(input.cloud, input.authUrl);
  const token = await authenticateWithPassword(
    cloud.authUrl,
    { user: { name: input.username, domain: { name: input.userDomain } }, password: input.password },
    undefined,
    cloud.interface,
  );
  const previous = await readDiscovery();
  if (previous) await revokeToken(previous.authUrl, previous.token).catch(() => undefined);
  await writeDiscovery({ cloud: cloud.name, authUrl: cloud.authUrl, token: token.token, expiresAt: token.expiresAt, user: token.user });
  const [projects, connections] = await Promise.all([listAuthProjects(cloud.authUrl, token.token), readConnections()]);
  return {
    cloud: cloud.name,
    user: { id: token.user.id, name: token.user.name, domainName: token.user.domainName },
    projects: projects.map((p) => ({
      ...p,
      connected: connections.some((c) => c.authUrl === cloud.authUrl && c.project.id === p.id && c.user.id === token.user.id),
    })),
  };
}

export interface ConnectManyResult {
  connected: ConnectionDto[];
  failed: { projectId: string; message: string }[];
}

/** Connects the chosen projects of the last discovery by rescoping its token, then revokes it. */
export async function connectDiscovered(projectIds: string[]): Promise<ConnectManyResult> {
  const discovery = await readDiscovery();
  if (!discovery) throw new AppError("not_connected", "The project list has expired. Log in again to list your projects.");
  const cloud = cloudOfConnection(discovery.cloud, discovery.authUrl);
  let existing = await readConnections();
  const result: ConnectManyResult = { connected: [], failed: [] };
  const tokens = await Promise.allSettled(
    projectIds.map((id) => rescopeToken(cloud.authUrl, discovery.token, { id }, cloud.interface)),
  );
  for (const [i, settled] of tokens.entries()) {
    const projectId = projectIds[i]!;
    if (settled.status === "rejected") {
      const err: unknown = settled.reason;
      result.failed.push({ projectId, message: err instanceof Error ? err.message : "Keystone refused this project." });
      continue;
    }
    try {
      const connection = storedFrom(cloud, settled.value, "token");
      existing = await save(connection, existing);
      result.connected.push(await toDto(connection));
    } catch (err) {
      await revokeToken(cloud.authUrl, settled.value.token).catch(() => undefined);
      result.failed.push({ projectId, message: err instanceof Error ? err.message : "Could not connect this project." });
    }
  }
  await revokeToken(cloud.authUrl, discovery.token).catch(() => undefined);
  await clearDiscovery();
  return result;
}

/**
 * The connected projects of this browser, as the page shows them. With `verify`, each
 * live token is checked with Keystone (a check, not a new login), and one found revoked
 * is marked expired; that needs a context that may set cookies (a route handler).
 */
export async function listConnections({ verify = false } = {}): Promise<ConnectionsDto> {
  const connections = await readConnections();
  if (verify) {
    await Promise.all(
      connections.map(async (c) => {
        if (isExpired(c) || (await isTokenValid(c.authUrl, c.token).catch(() => true))) return;
        c.expired = true;
        await writeConnection(c);
      }),
    );
  }
  return { connections: await Promise.all(connections.map(toDto)), limit: MAX_CONNECTIONS };
}

async function findConnection(id: string): Promise<StoredConnection> {
  const connection = await readConnection(id);
  if (!connection) throw new AppError("not_connected", "That project is not connected (any more).");
  return connection;
}

/** Revokes the project's token and forgets it; a token Keystone already dropped is no obstacle. */
export async function disconnect(id: string): Promise<void> {
  const connection = await findConnection(id);
  await revokeToken(connection.authUrl, connection.token).catch(() => undefined);
  endpointCache.delete(endpointKey(connection));
  await deleteConnection(id);
}

export async function disconnectAll(): Promise<void> {
  const connections = await readConnections();
  await Promise.all(connections.map((c) => disconnect(c.id)));
}

/**
 * Runs a Glance call as a connected project in one region. A refused token marks
 * only this project "expired" (reconnect); the others are untouched. With `write`,
 * a reader-only connection is refused here, before Glance is asked.
 */
export async function withGlance<T>(
  connectionId: string,
  region: string,
  call: (target: GlanceTarget, actor: Pick<StoredConnection, "project" | "user">) => Promise<T>,
  { write = false }: { write?: boolean } = {},
): Promise<T> {
  const connection = await findConnection(connectionId);
  const expired = () =>
    new AppError("token_expired", `The session of ${connection.project.name} has expired or was revoked. Reconnect the project.`);
  if (isExpired(connection)) throw expired();
  if (write && isReadOnly(connection.roles)) {
    throw new AppError(
      "forbidden",
      `${connection.project.name} is connected with the ${connection.roles.join(", ")} role only, which cannot change sharing. Connect it as a member.`,
    );
  }
  const endpoint = (await imageEndpointsOf(connection)).find((e) => e.region === region);
  if (!endpoint) throw new AppError("no_endpoint", `${connection.project.name} has no image service in region ${region}.`);
  try {
    return await call({ endpoint: endpoint.url, token: connection.token }, { project: connection.project, user: connection.user });
  } catch (err) {
    if (err instanceof OpenStackError && err.code === "token_expired") {
      // Best effort: a streamed answer can no longer set cookies; the next request will.
      await writeConnection({ ...connection, expired: true }).catch(() => undefined);
      throw expired();
    }
    throw err;
  }
}
