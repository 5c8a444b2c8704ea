import "server-only";

import { randomBytes } from "node:crypto";

import { AppError } from "@/lib/errors";
import { say } from "@/lib/i18n/sentence";
import {
  authenticateWithApplicationCredential,
  authenticateWithPassword,
  listAuthProjects,
  rescopeToken,
  revokeToken,
  type KeystoneToken,
  type ProjectScope,
} from "@/lib/openstack/keystone";
import type {
  ConnectInput,
  ConnectionDto,
  DiscoverInput,
  DiscoveryDto,
  ReachableProjectsDto,
} from "@/lib/schemas/projects";
import {
  cloudOfConnection,
  endpointsFor,
  resolveCloud,
  type CloudConfig,
} from "@/lib/server/core/clouds";
import {
  expiredError,
  forgetEndpoints,
  openConnection,
  rememberEndpoints,
  toDto,
  type ProjectContext,
} from "@/lib/server/core/context";
import { errorOf } from "@/lib/server/core/fan-out";
import { loginLimits } from "@/lib/server/login-limits";
import type { StoredConnection } from "@/lib/server/session";

const KEYSTONE_ID = /^[0-9a-f]{32}$/i;

/** A project named by id (32 hex characters) or by name in a domain. */
export function projectScope(project: string, domain: string): ProjectScope {
  return KEYSTONE_ID.test(project) ? { id: project } : { name: project, domain: { name: domain } };
}

function storedFrom(
  cloud: CloudConfig,
  token: KeystoneToken,
  method: StoredConnection["method"],
): StoredConnection {
  if (!token.project) throw new AppError("internal", say("session.tokenWithoutProject"));
  return {
    id: randomBytes(8).toString("hex"),
    cloud: cloud.name,
    authUrl: cloud.authUrl,
    token: token.token,
    expiresAt: token.expiresAt,
    method,
    user: { id: token.user.id, name: token.user.name, domainName: token.user.domainName },
    project: {
      id: token.project.id,
      name: token.project.name,
      domainName: token.project.domainName,
    },
    roles: token.roles,
  };
}

/** Saves a new token's connection (revoking the token if it cannot be kept) and returns its DTO. */
async function keep(
  projects: ProjectContext,
  cloud: CloudConfig,
  token: KeystoneToken,
  method: StoredConnection["method"],
): Promise<ConnectionDto> {
  try {
    const saved = await projects.session.saveConnection(storedFrom(cloud, token, method));
    const endpoints = endpointsFor(cloud, token.imageEndpoints);
    const compute = endpointsFor(cloud, token.computeEndpoints, "compute");
    rememberEndpoints(saved, endpoints, compute);
    return toDto(openConnection(saved, endpoints, compute));
  } catch (err) {
    await revokeToken(cloud.authUrl, token.token).catch(() => undefined);
    throw err;
  }
}

/** Logs in with a password or an application credential and connects that project, within the login limits. */
export async function connect(
  projects: ProjectContext,
  input: ConnectInput,
  client: string | null,
): Promise<ConnectionDto> {
  const cloud = await resolveCloud(input.cloud, input.authUrl);
  const username =
    input.method === "password"
      ? `${input.userDomain}/${input.username}`
      : `application credential ${input.id}`;
  const token = await loginLimits.attempt({ cloud: cloud.authUrl, username, client }, () =>
    input.method === "password"
      ? authenticateWithPassword(
          cloud.authUrl,
          {
            user: { name: input.username, domain: { name: input.userDomain } },
            password: input.password,
          },
          projectScope(input.project, input.projectDomain),
          cloud.interface,
        )
      : authenticateWithApplicationCredential(
          cloud.authUrl,
          { id: input.id, secret: input.secret },
          cloud.interface,
        ),
  );
  return keep(projects, cloud, token, input.method);
}

/** One login: lists every project the user can reach, keeping the unscoped token server-side. */
export async function discover(
  projects: ProjectContext,
  input: DiscoverInput,
  client: string | null,
): Promise<DiscoveryDto> {
  const cloud = await resolveCloud(input.cloud, input.authUrl);
  const token = await loginLimits.attempt(
    { cloud: cloud.authUrl, username: `${input.userDomain}/${input.username}`, client },
    () =>
      authenticateWithPassword(
        cloud.authUrl,
        {
          user: { name: input.username, domain: { name: input.userDomain } },
          password: input.password,
        },
        undefined,
        cloud.interface,
      ),
  );
  const previous = await projects.session.readDiscovery();
  if (previous) await revokeToken(previous.authUrl, previous.token).catch(() => undefined);
  await projects.session.writeDiscovery({
    cloud: cloud.name,
    authUrl: cloud.authUrl,
    token: token.token,
    expiresAt: token.expiresAt,
    user: token.user,
  });
  const [reachable, connections] = await Promise.all([
    listAuthProjects(cloud.authUrl, token.token),
    projects.connections(),
  ]);
  return {
    cloud: cloud.name,
    user: { id: token.user.id, name: token.user.name, domainName: token.user.domainName },
    projects: reachable.map((p) => ({
      ...p,
      connected: connections.some(
        ({ stored: c }) =>
          c.authUrl === cloud.authUrl && c.project.id === p.id && c.user.id === token.user.id,
      ),
    })),
  };
}

export interface ConnectManyResult {
  connected: ConnectionDto[];
  failed: { projectId: string; message: string }[];
}

/** Connects the chosen projects of the last discovery by rescoping its token, then revokes it. */
export async function connectDiscovered(
  projects: ProjectContext,
  projectIds: string[],
): Promise<ConnectManyResult> {
  const discovery = await projects.session.readDiscovery();
  if (!discovery) throw new AppError("not_connected", say("session.listExpired"));
  const cloud = cloudOfConnection(discovery.cloud, discovery.authUrl);
  const result: ConnectManyResult = { connected: [], failed: [] };
  const tokens = await Promise.allSettled(
    projectIds.map((id) => rescopeToken(cloud.authUrl, discovery.token, { id }, cloud.interface)),
  );
  // One at a time: each save counts the connections the previous one left.
  for (const [i, settled] of tokens.entries()) {
    const projectId = projectIds[i]!;
    if (settled.status === "rejected") {
      const err: unknown = settled.reason;
      result.failed.push({ projectId, message: errorOf(err).message });
      continue;
    }
    try {
      result.connected.push(await keep(projects, cloud, settled.value, "token"));
    } catch (err) {
      result.failed.push({ projectId, message: errorOf(err).message });
    }
  }
  await revokeToken(cloud.authUrl, discovery.token).catch(() => undefined);
  projects.session.clearDiscovery();
  return result;
}

/** Revokes the project's token and forgets it; a token Keystone already dropped is no obstacle. */
export async function disconnect(projects: ProjectContext, id: string): Promise<void> {
  const { stored } = await projects.connection(id);
  await revokeToken(stored.authUrl, stored.token).catch(() => undefined);
  forgetEndpoints(stored);
  projects.session.deleteConnection(id);
}

export async function disconnectAll(projects: ProjectContext): Promise<void> {
  const connections = await projects.connections();
  await Promise.all(connections.map((c) => disconnect(projects, c.stored.id)));
}

/**
 * Every project the connection's user may work in, as Keystone lists it for that user's
 * token (`/v3/auth/projects`): "share with every project this login can reach".
 */
export async function reachableProjects(
  projects: ProjectContext,
  id: string,
): Promise<ReachableProjectsDto> {
  const connection = await projects.connection(id);
  const { stored } = connection;
  if (connection.expired) throw expiredError(stored);
  const found = await listAuthProjects(stored.authUrl, stored.token);
  return {
    projects: found
      .filter((p) => p.enabled && p.id !== stored.project.id)
      .map((p) => ({ id: p.id, name: p.name })),
  };
}
