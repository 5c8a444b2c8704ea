import "server-only";

import { z } from "zod";

import { say } from "@/lib/i18n/sentence";

import { OpenStackError } from "./errors";
import { openstackRequest, type ErrorClassifier } from "./http";

// ---- Microversions -------------------------------------------------------------------
//
// Every call names the microversion it was written against. 2.47 embeds the flavor in a
// server (its name survives the flavor's deletion), 2.45 answers createImage/createBackup
// with the new image's id, 2.37 boots with `networks: "none"`. A Nova whose maximum is
// older cannot serve this dashboard; one that is newer still speaks the version asked.

export const MIN_MICROVERSION = "2.47";
export const WANTED_MICROVERSION = "2.79";

const versionSchema = z.object({
  version: z.object({ id: z.string(), version: z.string(), min_version: z.string() }),
});

const parseMicroversion = (v: string): [number, number] | null => {
  const m = /^(\d+)\.(\d+)$/.exec(v);
  return m ? [Number(m[1]), Number(m[2])] : null;
};

export function compareMicroversions(a: string, b: string): number {
  const [x, y] = [parseMicroversion(a), parseMicroversion(b)];
  if (!x || !y) throw new Error(`Not a microversion: ${x ? b : a}`);
  return x[0] - y[0] || x[1] - y[1];
}

/** The microversion to speak with a Nova whose version document says min..max, or null if none fits. */
export function chooseMicroversion(min: string, max: string): string | null {
  if (!parseMicroversion(min) || !parseMicroversion(max)) return null;
  if (compareMicroversions(max, MIN_MICROVERSION) < 0) return null;
  if (compareMicroversions(min, WANTED_MICROVERSION) > 0) return null;
  return compareMicroversions(max, WANTED_MICROVERSION) < 0 ? max : WANTED_MICROVERSION;
}

// ---- Upstream shapes (Compute v2.1) --------------------------------------------------

// Nova caps its own names at 255 characters; whatever else answers is cut there too.
const text = (max = 255) => z.string().transform((v) => v.slice(0, max));
/** Nova allows 128 metadata items per server by default: more is not kept. */
const MAX_METADATA = 128;

const upstreamServerSchema = z.object({
  id: z.string(),
  name: text(),
  status: text(32),
  tenant_id: z.string(),
  user_id: z.string(),
  created: z.string(),
  updated: z.string().optional(),
  // A server booted from a volume has "" here.
  image: z.union([z.object({ id: z.string() }), z.literal("")]),
  flavor: z.object({
    original_name: text(),
    vcpus: z.number(),
    ram: z.number(),
    disk: z.number(),
  }),
  key_name: text().nullable().default(null),
  metadata: z
    .record(z.string(), z.string())
    .default({})
    .transform((m) =>
      Object.fromEntries(
        Object.entries(m)
          .slice(0, MAX_METADATA)
          .map(([k, v]) => [k.slice(0, 255), v.slice(0, 255)]),
      ),
    ),
  security_groups: z
    .array(z.object({ name: text() }))
    .default([])
    .transform((g) => g.slice(0, MAX_METADATA)),
  fault: z.object({ message: text(), code: z.number().optional() }).optional(),
  "OS-EXT-STS:task_state": text(64).nullable().default(null),
});

const serversPageSchema = z.object({
  servers: z.array(upstreamServerSchema),
  servers_links: z.array(z.object({ rel: z.string(), href: z.string() })).default([]),
});

const upstreamFlavorSchema = z.object({
  id: text(),
  name: text(),
  vcpus: z.number(),
  ram: z.number(),
  disk: z.number(),
  "os-flavor-access:is_public": z.boolean().default(true),
});

const upstreamKeypairSchema = z.object({
  keypair: z.object({ name: text() }),
});

// ---- App shapes ----------------------------------------------------------------------

/** Where and as whom to call one Nova: a region's compute endpoint and a project-scoped token. */
export interface NovaTarget {
  endpoint: string;
  token: string;
  /** Aborts the calls made with this target (the request they serve has gone). */
  signal?: AbortSignal;
}

export interface Server {
  id: string;
  name: string;
  /** ACTIVE, BUILD, ERROR, SHUTOFF, ... as Nova says. */
  status: string;
  /** What Nova is doing to it now (image_snapshot, image_uploading, ...), if anything. */
  taskState: string | null;
  projectId: string;
  userId: string;
  createdAt: string;
  /** The image it was booted from; null when it boots from a volume. */
  imageId: string | null;
  flavor: { name: string; vcpus: number; ramMiB: number; diskGiB: number };
  keyName: string | null;
  metadata: Record<string, string>;
  securityGroups: string[];
  /** Nova's reason, when it is in ERROR. */
  fault: string | null;
}

export interface Flavor {
  id: string;
  name: string;
  vcpus: number;
  ramMiB: number;
  diskGiB: number;
}

function reshapeServer(raw: z.infer<typeof upstreamServerSchema>): Server {
  return {
    id: raw.id,
    name: raw.name,
    status: raw.status,
    taskState: raw["OS-EXT-STS:task_state"],
    projectId: raw.tenant_id,
    userId: raw.user_id,
    createdAt: raw.created,
    imageId: raw.image === "" ? null : raw.image.id,
    flavor: {
      name: raw.flavor.original_name,
      vcpus: raw.flavor.vcpus,
      ramMiB: raw.flavor.ram,
      diskGiB: raw.flavor.disk,
    },
    keyName: raw.key_name,
    metadata: raw.metadata,
    // Nova lists a group once per port: a name once is enough.
    securityGroups: [...new Set(raw.security_groups.map((g) => g.name))],
    fault: raw.fault?.message ?? null,
  };
}

// ---- Calls ---------------------------------------------------------------------------

const microversions = new Map<string, Promise<string>>();
/** Version documents remembered at once; a cloud has a handful of compute endpoints. */
const MAX_REMEMBERED = 64;

/**
 * The microversion this dashboard speaks with a Nova, from its version document (read
 * once per endpoint and remembered; a failed read is not).
 */
export function microversionOf(target: NovaTarget): Promise<string> {
  const known = microversions.get(target.endpoint);
  if (known) return known;
  const asked = (async () => {
    const { data } = await openstackRequest({
      service: "nova",
      url: target.endpoint,
      token: target.token,
      schema: versionSchema,
      signal: target.signal,
    });
    const chosen = chooseMicroversion(data.version.min_version, data.version.version);
    if (!chosen)
      throw new OpenStackError(
        "upstream_unavailable",
        say("nova.microversion", {
          min: data.version.min_version,
          max: data.version.version,
          needed: MIN_MICROVERSION,
        }),
        "nova",
        0,
      );
    return chosen;
  })();
  if (microversions.size >= MAX_REMEMBERED) microversions.clear();
  microversions.set(target.endpoint, asked);
  asked.catch(() => microversions.delete(target.endpoint));
  return asked;
}

async function novaCall<T = undefined>(
  target: NovaTarget,
  path: string,
  options: {
    method?: "GET" | "POST" | "DELETE";
    body?: unknown;
    schema?: z.ZodType<T>;
    classify?: ErrorClassifier;
  } = {},
): Promise<T> {
  const version = await microversionOf(target);
  const { data } = await openstackRequest<T>({
    service: "nova",
    url: `${target.endpoint}${path}`,
    method: options.method,
    token: target.token,
    headers: { "OpenStack-API-Version": `compute ${version}` },
    body: options.body,
    schema: options.schema,
    classify: options.classify,
    signal: target.signal,
  });
  return data;
}

/** Pages of servers read at most: 100 pages of 1000 is more than any project runs. */
export const MAX_SERVER_PAGES = 100;

/** A project's servers in one region, every page; `imageId` keeps those booted from that image. */
export async function listServers(
  target: NovaTarget,
  filters: { imageId?: string } = {},
): Promise<Server[]> {
  const servers: Server[] = [];
  let marker: string | undefined;
  for (let page = 0; page < MAX_SERVER_PAGES; page++) {
    const query = new URLSearchParams({ limit: "1000" });
    if (filters.imageId) query.set("image", filters.imageId);
    if (marker) query.set("marker", marker);
    const data = await novaCall(target, `/servers/detail?${query}`, { schema: serversPageSchema });
    servers.push(...data.servers.map(reshapeServer));
    const hasNext = data.servers_links.some((l) => l.rel === "next");
    if (!hasNext || data.servers.length === 0) return servers;
    marker = data.servers.at(-1)!.id;
  }
  throw new OpenStackError(
    "invalid_response",
    say("nova.endlessList", { pages: MAX_SERVER_PAGES }),
    "nova",
    200,
  );
}

export async function getServer(target: NovaTarget, serverId: string): Promise<Server> {
  const data = await novaCall(target, `/servers/${encodeURIComponent(serverId)}`, {
    schema: z.object({ server: upstreamServerSchema }),
  });
  return reshapeServer(data.server);
}

export interface NewServer {
  name: string;
  imageId: string;
  flavorId: string;
  keyName?: string;
  metadata?: Record<string, string>;
}

/** Boots a server with no network (a backup's proof of life); answers its id at once, while it builds. */
export async function createServer(target: NovaTarget, server: NewServer): Promise<string> {
  const data = await novaCall(target, "/servers", {
    method: "POST",
    body: {
      server: {
        name: server.name,
        imageRef: server.imageId,
        flavorRef: server.flavorId,
        networks: "none",
        ...(server.keyName ? { key_name: server.keyName } : {}),
        ...(server.metadata ? { metadata: server.metadata } : {}),
      },
    },
    schema: z.object({ server: z.object({ id: z.string() }) }),
  });
  return data.server.id;
}

export async function deleteServer(target: NovaTarget, serverId: string): Promise<void> {
  await novaCall(target, `/servers/${encodeURIComponent(serverId)}`, { method: "DELETE" });
}

const imageIdSchema = z.object({ image_id: z.string() });

/** A snapshot of a server (createImage): answers the new image's id; Glance has it `queued` until the upload ends. */
export async function snapshotServer(
  target: NovaTarget,
  serverId: string,
  image: { name: string; metadata?: Record<string, string> },
): Promise<string> {
  const data = await novaCall(target, `/servers/${encodeURIComponent(serverId)}/action`, {
    method: "POST",
    body: { createImage: { name: image.name, metadata: image.metadata ?? {} } },
    schema: imageIdSchema,
  });
  return data.image_id;
}

/**
 * A backup of a server (createBackup): answers the new image's id. Once it is active, Nova
 * deletes this server's oldest backups of the same type beyond `rotation`, whoever they
 * are shared with.
 */
export async function backupServer(
  target: NovaTarget,
  serverId: string,
  backup: { name: string; type: string; rotation: number; metadata?: Record<string, string> },
): Promise<string> {
  const data = await novaCall(target, `/servers/${encodeURIComponent(serverId)}/action`, {
    method: "POST",
    body: {
      createBackup: {
        name: backup.name,
        backup_type: backup.type,
        rotation: backup.rotation,
        metadata: backup.metadata ?? {},
      },
    },
    schema: imageIdSchema,
  });
  return data.image_id;
}

/** The flavors this project may boot with. */
export async function listFlavors(target: NovaTarget): Promise<Flavor[]> {
  const data = await novaCall(target, "/flavors/detail", {
    schema: z.object({ flavors: z.array(upstreamFlavorSchema) }),
  });
  return data.flavors.map((f) => ({
    id: f.id,
    name: f.name,
    vcpus: f.vcpus,
    ramMiB: f.ram,
    diskGiB: f.disk,
  }));
}

/** The key pairs of the token's user (Nova keeps key pairs per user, not per project). */
export async function listKeypairs(target: NovaTarget): Promise<string[]> {
  const data = await novaCall(target, "/os-keypairs", {
    schema: z.object({ keypairs: z.array(upstreamKeypairSchema) }),
  });
  return data.keypairs.map((k) => k.keypair.name);
}
