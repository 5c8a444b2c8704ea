import { NextResponse, type NextRequest } from "next/server";

import { getEnv } from "@/lib/server/env";
import { refusalMessages, refusalOf } from "@/lib/server/origin";

export const dynamic = "force-dynamic";

/** Readiness probe for the test runner and process managers, at the configured host only (as every route). */
export function GET(req: NextRequest) {
  if (refusalOf("GET", req.headers, getEnv()) === "wrong_host")
    return NextResponse.json(
      { error: { code: "wrong_host", message: refusalMessages.wrong_host } },
      { status: 421 },
    );
  return NextResponse.json({ status: "ok" });
}
