import { NextResponse, type NextRequest } from "next/server";

import { getEnv } from "@/lib/server/env";
import { contentSecurityPolicy, newNonce, withHsts } from "@/lib/server/security-headers";

/**
 * Pages only: each view gets its own CSP nonce, handed to Next through the request's
 * own CSP header (Next reads it there to mark its scripts). API answers are JSON and
 * get their headers in `apiRoute`.
 */
export function proxy(request: NextRequest) {
  const env = getEnv();
  const policy = contentSecurityPolicy(newNonce(), env.nodeEnv === "development");
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", policy);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("Content-Security-Policy", policy);
  return withHsts(res, env.appOrigin);
}

export const config = {
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|icon.svg).*)",
      // A prefetch of a page carries no scripts of its own to mark.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
