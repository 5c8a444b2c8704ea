import "server-only";

import type { LookupAddress } from "node:dns";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";

import { AppError } from "@/lib/errors";
import { say } from "@/lib/i18n/sentence";
import { isForbiddenAddress, unbracketed } from "@/lib/openstack/addresses";
import { normalizeAuthUrl } from "@/lib/openstack/keystone";

// Cloud instance-metadata services hand out credentials to whoever asks from inside
// the cloud: a dashboard that fetched such an address for a user would leak them.
/** Every address a host name resolves to (the system resolver; tests give their own). */
type ResolveAll = (host: string) => Promise<LookupAddress[]>;

const metadataHosts = new Set([
  "metadata",
  "metadata.google.internal",
  "instance-data",
  "instance-data.ec2.internal",
]);
/**
 * The hosts a cloud's image endpoints may be on: its Keystone's host, that host's parent
 * domain and its subdomains (auth.cloud.ovh.net → *.cloud.ovh.net), and what the
 * operator lists. A catalog naming anything else (a loopback port, a metadata address)
 * is not followed with the project's token.
 */
export function endpointHostAllowed(
  host: string,
  authUrl: string,
  extraHosts: readonly string[] = [],
): boolean {
  const h = unbracketed(host.toLowerCase());
  if (isForbiddenAddress(h) || metadataHosts.has(h)) return false;
  const auth = unbracketed(new URL(authUrl).hostname.toLowerCase());
  if (h === auth) return true;
  const labels = auth.split(".");
  const parent = !isIP(auth) && labels.length >= 3 ? labels.slice(1).join(".") : null;
  if (parent && (h === parent || h.endsWith(`.${parent}`))) return true;
  return extraHosts.some((allowed) => {
    const a = allowed.toLowerCase();
    return a.startsWith(".") ? h.endsWith(a) : h === a;
  });
}

/**
 * Checks a Keystone URL a person typed (only where custom URLs are allowed): http(s),
 * and neither its name nor any address it resolves to is link-local or metadata.
 */
export async function checkCustomAuthUrl(
  raw: string,
  resolve: ResolveAll = (host) => lookup(host, { all: true }),
): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError("cloud_not_allowed", say("cloud.invalidUrl"));
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new AppError("cloud_not_allowed", say("cloud.scheme"));
  }
  if (url.username || url.password)
    throw new AppError("cloud_not_allowed", say("cloud.credentials"));
  const host = unbracketed(url.hostname.toLowerCase());
  const refused = () => new AppError("cloud_not_allowed", say("cloud.metadata", { host }));
  if (metadataHosts.has(host) || isForbiddenAddress(host)) throw refused();
  if (!isIP(host)) {
    const addresses = await resolve(host).catch(() => {
      throw new AppError("cloud_not_allowed", say("cloud.unresolved", { host }));
    });
    if (addresses.some((a) => isForbiddenAddress(a.address))) throw refused();
  }
  return normalizeAuthUrl(url.toString());
}
