import "server-only";

// Which requests this server answers at all, and which may change state: one check for
// pages (proxy.ts), the health probe and every API route (apiRoute).

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface OriginSettings {
  /** The configured public origin; null in development, where the Host header is taken at its word. */
  appOrigin: string | null;
  /** X-Forwarded-Host and -Proto come from a proxy of ours, not from whoever sends them. */
  trustProxy: boolean;
}

const first = (value: string | null) => value?.split(",")[0]?.trim() || null;

/**
 * Why a request must be refused before anything else, or null. A request addressed to
 * another host than the configured one is refused whatever its method (a DNS-rebinding
 * page reaches the server under its own name). A state change must come from the
 * dashboard's own origin, compared whole (scheme, host and port): browsers send `Origin`
 * on every POST/PUT/PATCH/DELETE; without it, `Sec-Fetch-Site` must say same-origin.
 */
export function refusalOf(
  method: string,
  headers: Headers,
  settings: OriginSettings,
): "wrong_host" | "cross_origin" | null {
  const host = (
    (settings.trustProxy && first(headers.get("x-forwarded-host"))) ||
    headers.get("host") ||
    ""
  ).toLowerCase();
  if (settings.appOrigin && host !== new URL(settings.appOrigin).host) return "wrong_host";
  if (SAFE_METHODS.has(method)) return null;
  const origin = headers.get("origin");
  if (!origin) return headers.get("sec-fetch-site") === "same-origin" ? null : "cross_origin";
  const proto = (settings.trustProxy && first(headers.get("x-forwarded-proto"))) || "http";
  const expected = settings.appOrigin ?? (host ? `${proto}://${host}` : null);
  try {
    return expected && new URL(origin).origin === new URL(expected).origin ? null : "cross_origin";
  } catch {
    return "cross_origin";
  }
}

export const refusalMessages = {
  wrong_host: "This dashboard does not answer at this address.",
  cross_origin: "This request came from another site and was refused.",
} as const;
