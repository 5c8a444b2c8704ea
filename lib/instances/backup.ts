// What a server's backup records of it, and what Nova's rotation would delete: pure logic
// shared by the server (which refuses a risky rotation) and the page (which says why).

/** Image properties a backup carries so the configuration travels with it (Glance caps a value at 255). */
export const SERVER_PROPERTIES = {
  name: "glance_share_server_name",
  flavor: "glance_share_server_flavor",
  image: "glance_share_server_image",
  keyName: "glance_share_server_key_name",
  securityGroups: "glance_share_server_security_groups",
  metadata: "glance_share_server_metadata",
} as const;

const MAX_VALUE = 255;

export interface RecordedServer {
  name: string;
  flavor: { name: string };
  imageId: string | null;
  keyName: string | null;
  securityGroups: string[];
  metadata: Record<string, string>;
}

/**
 * The properties that record what a server was, for its backup: flavor name, boot image,
 * key pair, security groups and metadata (as JSON, left out when it does not fit).
 */
export function recordedProperties(server: RecordedServer): Record<string, string> {
  const cut = (v: string) => v.slice(0, MAX_VALUE);
  const out: Record<string, string> = {
    [SERVER_PROPERTIES.name]: cut(server.name),
    [SERVER_PROPERTIES.flavor]: cut(server.flavor.name),
  };
  if (server.imageId) out[SERVER_PROPERTIES.image] = server.imageId;
  if (server.keyName) out[SERVER_PROPERTIES.keyName] = cut(server.keyName);
  if (server.securityGroups.length > 0)
    out[SERVER_PROPERTIES.securityGroups] = cut(server.securityGroups.join(","));
  const metadata = JSON.stringify(server.metadata);
  // Cut JSON is not JSON: metadata that does not fit is not recorded at all.
  if (Object.keys(server.metadata).length > 0 && metadata.length <= MAX_VALUE)
    out[SERVER_PROPERTIES.metadata] = metadata;
  return out;
}

export interface ExistingBackup {
  id: string;
  name: string | null;
  createdAt: string;
}

/**
 * The backups Nova's rotation deletes once a new one of the same type is active: it keeps
 * the `rotation` newest, the new one included, and deletes the rest, oldest last.
 */
export function rotationVictims<B extends ExistingBackup>(existing: B[], rotation: number): B[] {
  const newestFirst = [...existing].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return newestFirst.slice(Math.max(rotation - 1, 0));
}

/** What of this flavor is too small for Nova to boot this image (its disk or its memory), or null when it fits. */
export function flavorTooSmall(
  flavor: { diskGiB: number; ramMiB: number },
  image: { minDisk: number; minRam: number },
): "disk" | "memory" | null {
  // A flavor with no disk boots from the image's own size: Nova checks only min_ram then.
  if (flavor.diskGiB > 0 && flavor.diskGiB < image.minDisk) return "disk";
  if (flavor.ramMiB < image.minRam) return "memory";
  return null;
}
