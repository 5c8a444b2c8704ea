import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { ZodError, type z } from "zod";
import { AppError, statusForCode } from "@/lib/errors";
import type { ApiErrorBody, ApiErrorCode } from "@/lib/schemas/api-error";
import { logFailure } from "@/lib/server/log";
import { openProjects, type ProjectContext } from "@/lib/server/projects/context";

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
  if (err instanceof AppError) return errorResponse(err.code, err.message);
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    return errorResponse("validation", issue ? issue.message : "The request is not valid.");
  }
  const reference = logFailure("unexpected error", err);
  return errorResponse("internal", `Something went wrong on the server (reference ${reference}). Try again; if it persists, give the operator this reference.`);
}

type Params = Record<string, string>;

/** What a handler gets besides the request: its route's parameters and its projects. */
export interface RouteContext<P extends Params> {
  params: P;
  /** The connected projects of this request, opened once (cookies are unsealed on first use). */
  projects: ProjectContext;
}

/**
 * Wraps a route handler: refuses cross-site state changes, returns the handler's value
 * as JSON (never cached), and maps errors to `{error: {code, message}}`.
 */
export function apiRoute<P extends Params = Params>(handler: (req: NextRequest, ctx: RouteContext<P>) => Promise<unknown>) {
  return async (req: NextRequest, ctx: { params: Promise<P> }) => {
    try {
      if (!SAFE_METHODS.has(req.method) && !isSameOrigin(req.headers)) {
        return errorResponse("cross_origin", "This request came from another site and was refused.");
      }
      const started = performance.now();
      const projects = await openProjects();
      const result = await handler(req, { params: await ctx.params, projects });
      if (result instanceof Response) return result;
      const res = NextResponse.json(result ?? { ok: true }, { headers: { "Cache-Control": "no-store" } });
      // What this request spent in our code and waiting for Glance; the rest of the time
      // a client sees is Next.js's and the network's. npm run bench reads it.
      const total = performance.now() - started;
      res.headers.set("Server-Timing", `app;dur=${Math.max(0, total - projects.upstreamMs).toFixed(2)}, upstream;dur=${projects.upstreamMs.toFixed(2)}`);
      return res;
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

/** Route parameters (decoded path segments), checked against a schema: an id is never a path trick. */
export function readParams<S extends z.ZodType>(params: Record<string, string>, schema: S): z.infer<S> {
  return schema.parse(params);
}

/** The request's query string, checked against a schema (a repeated key keeps its first value). */
export function readQuery<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  const query: Record<string, string> = {};
  for (const [key, value] of new URL(req.url).searchParams) if (!(key in query)) query[key] = value;
  return schema.parse(query);
}

/**
 * A newline-delimited JSON answer: `run` emits events while it works, so the page shows
 * results as they come. An error after the first byte can no longer change the status:
 * `onError` turns it into a last event instead. `run`'s signal aborts when the reader leaves.
 */
export function ndjsonResponse<E>(
  run: (emit: (event: E) => void, signal: AbortSignal) => Promise<void>,
  onError: (err: unknown) => E[],
): Response {
  const encoder = new TextEncoder();
  // The browser going away cancels the stream: `run` sees its signal abort and stops
  // asking Glance for what nobody will read.
  const gone = new AbortController();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const emit = (event: E) => {
        if (!gone.signal.aborted) controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
      };
      try {
        await run(emit, gone.signal);
      } catch (err) {
        if (!gone.signal.aborted) for (const event of onError(err)) emit(event);
      }
      if (!gone.signal.aborted) controller.close();
    },
    cancel() {
      gone.abort();
    },
  });
  return new Response(stream, { headers: { "Content-Type": "application/x-ndjson", "Cache-Control": "no-store" } });
}
