import { NextResponse } from "next/server";

export const dynamic = "force-dynamic";

/** Readiness probe for the test runner and process managers. */
export function GET() {
  return NextResponse.json({ status: "ok" });
}
