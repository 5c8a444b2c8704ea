import "server-only";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { AppError } from "@/lib/errors";
import { normalizeAuthUrl } from "@/lib/openstack/keystone";

// Cloud instance-metadata services hand out credentials to whoever asks from inside
// the cloud: a dashboard that fetched such an address for a user would leak them.
const metadataHosts = new Set(["metadata", "metadata.google.internal", "instance-data", "instance-data.ec2.internal"]);
const metadataAddresses = new Set(["fd00:ec2::254", "100.100.100.200"]);

/** Whether an IP address is link-local, unspecified or a known metadata address. */
export function isForbiddenAddress(ip: string): boolean {
  const addr = ip.toLowerCase().replace(/^\[|\]$/g, "");
  if (metadataAddresses.has(addr)) return true;
  const v4 = addr.startsWith("::ffff:") ? addr.slice(7) : addr;
  if (isIP(v4) === 4) {
    const [a, b] = v4.split(".").map(Number);
    return a === 169 && b === 254 ? true : a === 0;
  }
  if (isIP(addr) === 6) return /^fe[89ab]/.test(addr) || addr === "::";
  return false;
}

/**
 * Checks a Keystone URL a person typed (only where custom URLs are allowed): http(s),
 * and neither its name nor any address it resolves to is link-local or metadata.
 */
export async function checkCustomAuthUrl(raw: string): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new AppError("cloud_not_allowed", "The Keystone URL is not a valid URL.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new AppError("cloud_not_allowed", "The Keystone URL must start with https:// or http://.");
  }
  if (url.username || url.password) throw new AppError("cloud_not_allowed", "The Keystone URL must not contain credentials.");
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const refused = () =>
    new AppError("cloud_not_allowed", `The Keystone URL points at ${host}, a link-local or metadata address, which is never allowed.`);
  if (metadataHosts.has(host) || isForbiddenAddress(host)) throw refused();
  if (!isIP(host)) {
    const addresses = await lookup(host, { all: true }).catch(() => {
      throw new AppError("cloud_not_allowed", `The Keystone host ${host} does not resolve.`);
    });
    if (addresses.some((a) => isForbiddenAddress(a.address))) throw refused();
  }
  return normalizeAuthUrl(url.toString());
}
