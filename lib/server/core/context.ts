import "server-only";

import { cache } from "react";

import { AppError } from "@/lib/errors";
import { say, type Sentence } from "@/lib/i18n/sentence";
import { OpenStackError } from "@/lib/openstack/errors";
import type { GlanceTarget } from "@/lib/openstack/glance";
import {
  isTokenValid,
  listCatalogEndpoints,
  type ComputeEndpoint,
  type ImageEndpoint,
} from "@/lib/openstack/keystone";
import type { NovaTarget } from "@/lib/openstack/nova";
import type { ImageLocation, ImageSourceDto } from "@/lib/schemas/images";
import type { ConnectionDto, ConnectionsDto } from "@/lib/schemas/projects";
import {
  MAX_CONNECTIONS,
  requestSession,
  type SessionStore,
  type StoredConnection,
} from "@/lib/server/session";

import { cloudOfConnection, configuredClouds, endpointsFor } from "./clouds";

// Endpoints come with the token's catalog; they stay in server memory rather than in the
// cookie (a big catalog would not fit), and are fetched again if lost.
interface Endpoints {
  image: ImageEndpoint[];
  compute: ComputeEndpoint[];
}
const endpointCache = new Map<string, Endpoints>();
const endpointKey = (c: Pick<StoredConnection, "authUrl" | "project">) =>
  `${c.authUrl}|${c.project.id}`;

/** Remembers the endpoints a new token's catalog gave for its project (a cloud may have no compute). */
export function rememberEndpoints(
  connection: StoredConnection,
  image: ImageEndpoint[],
  compute: ComputeEndpoint[] = [],
): void {
  endpointCache.set(endpointKey(connection), { image, compute });
}

export function forgetEndpoints(connection: StoredConnection): void {
  endpointCache.delete(endpointKey(connection));
}

async function endpointsOf(connection: StoredConnection): Promise<Endpoints> {
  const key = endpointKey(connection);
  let endpoints = endpointCache.get(key);
  if (!endpoints) {
    const cloud = cloudOfConnection(connection.cloud, connection.authUrl);
    const catalog = await listCatalogEndpoints(
      connection.authUrl,
      connection.token,
      cloud.interface,
    );
    endpoints = {
      image: endpointsFor(cloud, catalog.image),
      compute: endpointsFor(cloud, catalog.compute, "compute"),
    };
    endpointCache.set(key, endpoints);
  }
  return endpoints;
}

const READ_ONLY_ROLES = new Set(["reader"]);
const isReadOnly = (roles: string[]) =>
  roles.length > 0 && roles.every((r) => READ_ONLY_ROLES.has(r));
const isExpired = (c: StoredConnection) =>
  c.expired === true || new Date(c.expiresAt).getTime() <= Date.now();

/** A connected project whose cookie this request opened, with its endpoints. */
export interface OpenConnection {
  stored: StoredConnection;
  endpoints: ImageEndpoint[];
  computeEndpoints: ComputeEndpoint[];
  expired: boolean;
  readOnly: boolean;
}

/**
 * One connected project in one region, ready for Glance calls: everything a call needs,
 * taken from the request once. `dto` is the only part that may reach the browser.
 */
export interface Source {
  readonly dto: ImageSourceDto;
  readonly connection: OpenConnection;
  readonly region: string;
  readonly endpoint: string | null;
  /** The region's Nova, where the cloud has one there. */
  readonly computeEndpoint: string | null;
  readonly context: ProjectContext;
}

/** A project as a journal entry and an error message name it. */
export interface Actor {
  /** The Keystone URL of the project's cloud. */
  cloud: string;
  user: { id: string; name: string };
  project: { id: string; name: string };
}

/** A stored connection with its endpoints, as this request sees it. */
export const openConnection = (
  stored: StoredConnection,
  endpoints: ImageEndpoint[],
  computeEndpoints: ComputeEndpoint[] = [],
): OpenConnection => ({
  stored,
  endpoints,
  computeEndpoints,
  expired: isExpired(stored),
  readOnly: isReadOnly(stored.roles),
});

/** Glance calls one connection may have in flight at once, across all its requests. */
export const CALLS_PER_CONNECTION = 16;
const inFlight = new Map<string, { running: number; waiting: (() => void)[] }>();

/** Waits for a place among the connection's calls in flight; returns the release. */
async function slotFor(connectionId: string): Promise<() => void> {
  let slots = inFlight.get(connectionId);
  if (!slots) inFlight.set(connectionId, (slots = { running: 0, waiting: [] }));
  const own = slots;
  if (own.running >= CALLS_PER_CONNECTION)
    await new Promise<void>((resolve) => own.waiting.push(resolve));
  else own.running++;
  return () => {
    const next = own.waiting.shift();
    if (next) next();
    else if (--own.running === 0) inFlight.delete(connectionId);
  };
}

export const expiredError = (c: StoredConnection) =>
  new AppError("token_expired", say("session.expired", { project: c.project.name }));

/**
 * The connected projects of one request. Each cookie is unsealed once, when first
 * needed, and each project's endpoints looked up once; services take the sources it
 * yields and never reopen cookies. A job that outlives its request keeps its sources.
 */
export class ProjectContext {
  /** Wall-clock time this request had at least one Glance call in flight (Server-Timing). */
  upstreamMs = 0;
  private inFlight = 0;
  private busySince = 0;

  /** Brackets one upstream call, for `upstreamMs`. */
  upstreamCall(): () => void {
    if (this.inFlight++ === 0) this.busySince = performance.now();
    return () => {
      if (--this.inFlight === 0) this.upstreamMs += performance.now() - this.busySince;
    };
  }
  private all: Promise<OpenConnection[]> | null = null;
  private readonly byId = new Map<string, Promise<OpenConnection | null>>();

  constructor(readonly session: SessionStore) {}

  private async open(stored: StoredConnection): Promise<OpenConnection> {
    const none: Endpoints = { image: [], compute: [] };
    const endpoints = isExpired(stored)
      ? (endpointCache.get(endpointKey(stored)) ?? none)
      : await endpointsOf(stored).catch(() => none);
    return openConnection(stored, endpoints.image, endpoints.compute);
  }

  /** Every connected project of this browser, by project name. */
  connections(): Promise<OpenConnection[]> {
    this.all ??= Promise.all(this.session.connectionIds().map((id) => this.find(id))).then(
      (found) =>
        found
          .filter((c): c is OpenConnection => c !== null)
          .sort((a, b) => a.stored.project.name.localeCompare(b.stored.project.name)),
    );
    return this.all;
  }

  private find(id: string): Promise<OpenConnection | null> {
    let found = this.byId.get(id);
    if (!found) {
      found = this.session.readConnection(id).then((stored) => (stored ? this.open(stored) : null));
      this.byId.set(id, found);
    }
    return found;
  }

  /** One connected project; only its own cookie is opened. */
  async connection(id: string): Promise<OpenConnection> {
    const found = await this.find(id);
    if (!found) throw new AppError("not_connected", say("session.notConnected"));
    return found;
  }

  /** Project id → name, for every project connected here. */
  async names(): Promise<Map<string, string>> {
    return new Map(
      (await this.connections()).map((c) => [c.stored.project.id, c.stored.project.name]),
    );
  }

  private sourceOf(connection: OpenConnection, region: string): Source {
    const { stored } = connection;
    return {
      dto: {
        connectionId: stored.id,
        projectId: stored.project.id,
        projectName: stored.project.name,
        region,
      },
      connection,
      region,
      endpoint: connection.endpoints.find((e) => e.region === region)?.url ?? null,
      computeEndpoint: connection.computeEndpoints.find((e) => e.region === region)?.url ?? null,
      context: this,
    };
  }

  /** One connected project in one region; errors say which is missing. */
  async source(location: ImageLocation): Promise<Source> {
    return this.sourceOf(await this.connection(location.connection), location.region);
  }

  /**
   * Connected projects × regions to read: one, or `all` of either. Naming one project and
   * one region makes that pair's errors the request's errors (`single`); a wider request
   * reports each failing pair beside the rows of the others.
   */
  async sources(
    connection: string,
    region: string,
    service: "image" | "compute" = "image",
  ): Promise<{ sources: Source[]; single: boolean }> {
    const chosen =
      connection === "all" ? await this.connections() : [await this.connection(connection)];
    const sources = chosen.flatMap((c) =>
      (service === "image" ? c.endpoints : c.computeEndpoints)
        .filter((e) => region === "all" || e.region === region)
        .map((e) => this.sourceOf(c, e.region)),
    );
    const single = connection !== "all" && region !== "all";
    if (single && sources.length === 0) {
      throw new AppError(
        "no_endpoint",
        say("session.noServiceInRegion", {
          project: chosen[0]!.stored.project.name,
          service,
          region,
        }),
      );
    }
    return { sources, single };
  }

  /**
   * The connected projects as the browser sees them. With `verify`, each live token is
   * checked with Keystone (a check, not a new login) and one found revoked is marked
   * expired; that needs a context that may set cookies (a route handler).
   */
  async dtos({ verify = false } = {}): Promise<ConnectionsDto> {
    const connections = await this.connections();
    if (verify) {
      await Promise.all(
        connections.map(async (c) => {
          if (c.expired || (await isTokenValid(c.stored.authUrl, c.stored.token).catch(() => true)))
            return;
          await this.markExpired(c);
        }),
      );
    }
    return { connections: connections.map(toDto), limit: MAX_CONNECTIONS };
  }

  /** Marks a project "reconnect" for this request and in its cookie. */
  async markExpired(connection: OpenConnection): Promise<void> {
    connection.expired = true;
    connection.stored.expired = true;
    await this.session.writeConnection(connection.stored);
  }
}

export function toDto({ stored, endpoints, expired, readOnly }: OpenConnection): ConnectionDto {
  // A cloud removed from the configuration still lets its connections be listed and disconnected.
  const label = configuredClouds().find((c) => c.name === stored.cloud)?.label ?? stored.cloud;
  return {
    id: stored.id,
    cloud: { name: stored.cloud, label },
    project: stored.project,
    user: stored.user,
    method: stored.method,
    roles: stored.roles,
    readOnly,
    canWrite: !expired && !readOnly,
    regions: endpoints.map((e) => e.region),
    expiresAt: stored.expiresAt,
    status: expired ? "expired" : "active",
  };
}

/** The project context of this request (route handlers get theirs from `apiRoute`). */
export async function openProjects(): Promise<ProjectContext> {
  return new ProjectContext(await requestSession());
}

/** The same, memoized for one server render: a page and its components share it. */
export const pageProjects = cache(openProjects);

/**
 * Runs a Glance call as a source's project in its region. A refused token marks only
 * this project "expired" (reconnect); the others are untouched. With `write`, a
 * reader-only connection is refused here, before Glance is asked. At most
 * CALLS_PER_CONNECTION calls per connection run at once; `signal` cancels the call.
 */
export function withGlance<T>(
  source: Source,
  call: (target: GlanceTarget, actor: Actor) => Promise<T>,
  options: { write?: boolean; signal?: AbortSignal } = {},
): Promise<T> {
  return withService(source, source.endpoint, glanceService, call, options);
}

/** The same for a Nova call: the source's region must have a compute service. */
export function withNova<T>(
  source: Source,
  call: (target: NovaTarget, actor: Actor) => Promise<T>,
  options: { write?: boolean; signal?: AbortSignal } = {},
): Promise<T> {
  return withService(source, source.computeEndpoint, novaService, call, options);
}

type ReaderValues = { project: string; roles: string };
const glanceService = {
  name: "image",
  readerCannot: (v: ReaderValues) => say("session.readerCannotShare", v),
};
const novaService = {
  name: "compute",
  readerCannot: (v: ReaderValues) => say("session.readerCannotCompute", v),
};

async function withService<T>(
  source: Source,
  endpoint: string | null,
  service: { name: string; readerCannot: (v: ReaderValues) => Sentence },
  call: (
    target: { endpoint: string; token: string; signal?: AbortSignal },
    actor: Actor,
  ) => Promise<T>,
  { write = false, signal }: { write?: boolean; signal?: AbortSignal },
): Promise<T> {
  const { stored } = source.connection;
  if (source.connection.expired) throw expiredError(stored);
  if (write && source.connection.readOnly) {
    throw new AppError(
      "forbidden",
      service.readerCannot({ project: stored.project.name, roles: stored.roles.join(", ") }),
    );
  }
  if (!endpoint)
    throw new AppError(
      "no_endpoint",
      say("session.noServiceInRegion", {
        project: stored.project.name,
        service: service.name,
        region: source.region,
      }),
    );
  const release = await slotFor(stored.id);
  const done = source.context.upstreamCall();
  try {
    return await call(
      { endpoint, token: stored.token, signal },
      {
        cloud: stored.authUrl,
        user: { id: stored.user.id, name: stored.user.name },
        project: { id: stored.project.id, name: stored.project.name },
      },
    );
  } catch (err) {
    if (err instanceof OpenStackError && err.code === "token_expired") {
      // Best effort: a streamed answer can no longer set cookies; the next request will.
      await source.context.markExpired(source.connection).catch(() => undefined);
      throw expiredError(stored);
    }
    throw err;
  } finally {
    done();
    release();
  }
}

/** The connected projects of one cloud, as the rules on who may act on a job see them. */
export async function actorsIn(projects: ProjectContext, cloud: string) {
  return (await projects.connections())
    .filter((c) => c.stored.authUrl === cloud)
    .map((c) => ({
      userId: c.stored.user.id,
      projectId: c.stored.project.id,
      readOnly: c.readOnly || c.expired,
    }));
}
