import "server-only";

import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP } from "node:net";

import { Agent } from "undici";

// Cloud instance-metadata services hand out credentials to whoever asks from inside the
// cloud. net.BlockList also matches the IPv4-mapped forms ("::ffff:169.254.169.254",
// which a URL parser rewrites to "::ffff:a9fe:a9fe") against the IPv4 rules.
const forbidden = new BlockList();
forbidden.addSubnet("169.254.0.0", 16, "ipv4"); // link-local, AWS/OpenStack/GCP/Azure metadata
forbidden.addSubnet("0.0.0.0", 8, "ipv4");
forbidden.addAddress("100.100.100.200", "ipv4"); // Alibaba Cloud metadata
forbidden.addSubnet("fe80::", 10, "ipv6"); // link-local
forbidden.addAddress("::", "ipv6");
forbidden.addAddress("fd00:ec2::254", "ipv6"); // AWS metadata over IPv6

/** A host as a URL writes it, without the brackets around an IPv6 address. */
export const unbracketed = (host: string) =>
  host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;

/** Whether an IP address is link-local, unspecified or a known metadata address, in any notation. */
export function isForbiddenAddress(ip: string): boolean {
  const addr = unbracketed(ip);
  const family = isIP(addr);
  return family === 4
    ? forbidden.check(addr, "ipv4")
    : family === 6
      ? forbidden.check(addr, "ipv6")
      : false;
}

/** A host name that resolved to a forbidden address: the connection is never made. */
export class ForbiddenAddressError extends Error {
  override readonly name = "ForbiddenAddressError";
}

type Resolve = (
  host: string,
  callback: (err: Error | null, addresses: LookupAddress[]) => void,
) => void;
const resolveAll: Resolve = (host, callback) => dnsLookup(host, { all: true }, callback);

/**
 * A DNS lookup for outgoing connections: every address a name resolves to is checked,
 * and the connection goes to the address checked — no second lookup, so a name cannot
 * resolve to a harmless address for the check and to a metadata address for the call.
 */
export function pinnedLookup(resolve: Resolve = resolveAll) {
  return (
    host: string,
    options: { all?: boolean },
    callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    resolve(host, (err, addresses) => {
      if (err) return callback(err, "");
      const bad = addresses.find((a) => isForbiddenAddress(a.address));
      if (bad || addresses.length === 0) {
        return callback(
          new ForbiddenAddressError(
            `${host} resolves to ${bad?.address ?? "nothing"}, which is never connected to.`,
          ),
          "",
        );
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** The address an outgoing connection to `host` goes to, checked as `pinnedLookup` checks it. */
export function checkedAddress(host: string, resolve: Resolve = resolveAll): Promise<string> {
  return new Promise((done, fail) =>
    pinnedLookup(resolve)(unbracketed(host), {}, (err, address) =>
      err ? fail(err) : done(address as string),
    ),
  );
}

/**
 * How long a TCP (and TLS) connection may take, apart from the answer's own deadline: a
 * host that is down or drops packets is given up on in seconds, not after the whole
 * answer timeout.
 */
export const CONNECT_TIMEOUT_MS = 4_000;

/** The one connection pool for every Keystone and Glance call: keep-alive, pinned lookups. */
export const outboundAgent = new Agent({
  connect: { lookup: pinnedLookup(), timeout: CONNECT_TIMEOUT_MS },
});
