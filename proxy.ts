import { NextResponse, type NextRequest } from "next/server";

import { getEnv } from "@/lib/server/env";
import { refusalMessages, refusalOf } from "@/lib/server/origin";
import { contentSecurityPolicy, newNonce, withHsts } from "@/lib/server/security-headers";

/**
 * Pages only: a page asked for under another host name (DNS rebinding) is refused, as API
 * routes are; each view gets its own CSP nonce, handed to Next through the request's own
 * CSP header (Next reads it there to mark its scripts). API answers are JSON and get their
 * headers in `apiRoute`.
 */
export function proxy(request: NextRequest) {
  const env = getEnv();
  if (refusalOf("GET", request.headers, env) === "wrong_host")
    return new NextResponse(refusalMessages.wrong_host, {
      status: 421,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  // A prefetch carries no scripts of its own to mark.
  if (request.headers.get("next-router-prefetch") || request.headers.get("purpose") === "prefetch")
    return withHsts(NextResponse.next(), env.appOrigin);
  const policy = contentSecurityPolicy(newNonce(), env.nodeEnv === "development");
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", policy);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("Content-Security-Policy", policy);
  return withHsts(res, env.appOrigin);
}

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|icon.svg).*)"],
};
