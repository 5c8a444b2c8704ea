import "server-only";

/**
 * The Content-Security-Policy of a page. Next.js puts the nonce it finds in this header
 * on its own scripts; 'strict-dynamic' lets those scripts load the chunks they need and
 * nothing else, so an injected tag or inline handler never runs. Development adds what
 * React's debugging and hot reload need (eval, inline styles, the reload socket).
 */
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** A fresh, unguessable nonce for one page view. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64");
}

/** Served over https, browsers are told to come back over https only (two years). */
export function withHsts<R extends Response>(res: R, appOrigin: string | null): R {
  if (appOrigin?.startsWith("https:"))
    res.headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  return res;
}
