import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { ZodError, type z } from "zod";
import { AppError, statusForCode } from "@/lib/errors";
import { OpenStackError } from "@/lib/openstack/errors";
import type { ApiErrorBody, ApiErrorCode } from "@/lib/schemas/api-error";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Whether a state-changing request comes from this site. Browsers send `Origin` on
 * every POST/PUT/PATCH/DELETE; without it, `Sec-Fetch-Site` must say same-origin.
 */
export function isSameOrigin(headers: Headers): boolean {
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  const origin = headers.get("origin");
  if (origin) {
    try {
      return !!host && new URL(origin).host === host;
    } catch {
      return false;
    }
  }
  return headers.get("sec-fetch-site") === "same-origin";
}

function errorResponse(code: ApiErrorCode, message: string, status = statusForCode[code]) {
  const body: ApiErrorBody = { error: { code, message } };
  return NextResponse.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

/** Turns any thrown error into the JSON error body, with no stack or upstream detail leaked. */
export function toErrorResponse(err: unknown): NextResponse {
  if (err instanceof AppError || err instanceof OpenStackError) return errorResponse(err.code, err.message);
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    return errorResponse("validation", issue ? issue.message : "The request is not valid.");
  }
  console.error("[glance-share] unexpected error", err);
  return errorResponse("internal", "Something went wrong on the server. Try again; if it persists, check the server log.");
}

type Params = Record<string, string>;

/**
 * Wraps a route handler: refuses cross-site state changes, returns the handler's value
 * as JSON (never cached), and maps errors to `{error: {code, message}}`.
 */
export function apiRoute<P extends Params = Params>(handler: (req: NextRequest, params: P) => Promise<unknown>) {
  return async (req: NextRequest, ctx: { params: Promise<P> }) => {
    try {
      if (!SAFE_METHODS.has(req.method) && !isSameOrigin(req.headers)) {
        return errorResponse("cross_origin", "This request came from another site and was refused.");
      }
      const result = await handler(req, await ctx.params);
      if (result instanceof Response) return result;
      return NextResponse.json(result ?? { ok: true }, { headers: { "Cache-Control": "no-store" } });
    } catch (err) {
      return toErrorResponse(err);
    }
  };
}

/** The request's JSON body, checked against a schema. */
export async function readJson<S extends z.ZodType>(req: NextRequest, schema: S): Promise<z.infer<S>> {
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw new AppError("validation", "The request body is not valid JSON.");
  }
  return schema.parse(body);
}
