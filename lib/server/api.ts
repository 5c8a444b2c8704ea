import "server-only";

import { NextResponse, type NextRequest } from "next/server";
import { z, ZodError } from "zod";

import { AppError, statusForCode } from "@/lib/errors";
import { LOCALE_COOKIE, requestLocale, type Locale } from "@/lib/i18n/locales";
import { say } from "@/lib/i18n/sentence";
import { currentLocale, inLocale, write, writeKeptJson } from "@/lib/i18n/write";
import type { ApiErrorBody, ApiErrorCode } from "@/lib/schemas/api-error";
import { openProjects, type ProjectContext } from "@/lib/server/core/context";
import { getEnv } from "@/lib/server/env";
import { logFailure } from "@/lib/server/log";
import { TooManyLogins } from "@/lib/server/login-limits";
import { refusalOf } from "@/lib/server/origin";
import { withHsts } from "@/lib/server/security-headers";
import { readUpTo } from "@/lib/streams";

function errorResponse(code: ApiErrorCode, message: string, status = statusForCode[code]) {
  const body: ApiErrorBody = { error: { code, message } };
  return NextResponse.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

/**
 * Turns any thrown error into the JSON error body, its sentence in the person's language,
 * with no stack or upstream detail leaked beyond what the sentence quotes.
 */
export function toErrorResponse(err: unknown, locale: Locale): NextResponse {
  if (err instanceof TooManyLogins) {
    const res = errorResponse(err.code, write(err.sentence, locale));
    res.headers.set("Retry-After", String(err.retryAfterSeconds));
    return res;
  }
  if (err instanceof AppError) return errorResponse(err.code, write(err.sentence, locale));
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    return errorResponse(
      "validation",
      write(
        issue ? say("request.invalidField", { detail: issue.message }) : say("request.invalid"),
        locale,
      ),
    );
  }
  const reference = logFailure("unexpected error", err);
  return errorResponse("internal", write(say("request.internal", { reference }), locale));
}

type Params = Record<string, string>;

/** What a handler gets besides the request: its route's parameters and its projects. */
export interface RouteContext<P extends Params> {
  params: P;
  /** The connected projects of this request, opened once (cookies are unsealed on first use). */
  projects: ProjectContext;
  /** The client's address as a trusted proxy reports it; null without one (not knowable here). */
  client: string | null;
}

/** The address our own proxy saw: the last X-Forwarded-For entry, the one it appended. */
export function clientAddress(headers: Headers, trustProxy: boolean): string | null {
  if (!trustProxy) return null;
  return headers.get("x-forwarded-for")?.split(",").at(-1)?.trim() || null;
}

/**
 * Wraps a route handler: refuses cross-site state changes, returns the handler's value
 * as JSON (never cached), and maps errors to `{error: {code, message}}`.
 */
export function apiRoute<P extends Params = Params>(
  handler: (req: NextRequest, ctx: RouteContext<P>) => Promise<unknown>,
) {
  return async (req: NextRequest, ctx: { params: Promise<P> }) => {
    const locale = requestLocale(
      req.cookies.get(LOCALE_COOKIE)?.value,
      req.headers.get("accept-language"),
    );
    try {
      const env = getEnv();
      const refused = refusalOf(req.method, req.headers, env);
      if (refused)
        return withHsts(
          errorResponse(
            refused,
            write(
              refused === "wrong_host" ? say("request.wrong_host") : say("request.cross_origin"),
              locale,
            ),
          ),
          env.appOrigin,
        );
      const started = performance.now();
      const projects = await openProjects();
      const result = await inLocale(locale, async () =>
        handler(req, {
          params: await ctx.params,
          projects,
          client: clientAddress(req.headers, env.trustProxy),
        }),
      );
      if (result instanceof Response) return withHsts(result, env.appOrigin);
      const res = new NextResponse(writeKeptJson(JSON.stringify(result ?? { ok: true }), locale), {
        headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
      });
      // What this request spent in our code and waiting for Glance; the rest of the time
      // a client sees is Next.js's and the network's. npm run bench reads it.
      const total = performance.now() - started;
      res.headers.set(
        "Server-Timing",
        `app;dur=${Math.max(0, total - projects.upstreamMs).toFixed(2)}, upstream;dur=${projects.upstreamMs.toFixed(2)}`,
      );
      return withHsts(res, env.appOrigin);
    } catch (err) {
      return withHsts(toErrorResponse(err, locale), getEnv().appOrigin);
    }
  };
}

// Zod's own words for a value of the wrong shape, in the request's language; a schema's own
// sentence (a field's rule) stays as the schema says it.
const zodWords: Record<Locale, z.core.$ZodErrorMap | undefined> = {
  en: undefined,
  fr: z.locales.fr().localeError,
};

/** The value parsed by the schema, its problems said in the request's language. */
function parseIn<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const error = zodWords[currentLocale()];
  return schema.parse(value, error ? { error } : undefined);
}

/** No form of this dashboard sends more; anything bigger is refused before it is read whole. */
export const MAX_JSON_BODY = 64 * 1024;

const tooLarge = () =>
  new AppError("too_large", say("request.tooLarge", { kilobytes: MAX_JSON_BODY / 1024 }));

/** The request's JSON body, at most MAX_JSON_BODY bytes, checked against a schema. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  if (Number(req.headers.get("content-length")) > MAX_JSON_BODY) throw tooLarge();
  const { bytes, cut } = await readUpTo(req.body, MAX_JSON_BODY);
  if (cut) throw tooLarge();
  let body: unknown;
  try {
    body = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new AppError("validation", say("request.notJson"));
  }
  return parseIn(schema, body);
}

/** Route parameters (decoded path segments), checked against a schema: an id is never a path trick. */
export function readParams<S extends z.ZodType>(
  params: Record<string, string>,
  schema: S,
): z.infer<S> {
  return parseIn(schema, params);
}

/** The request's query string, checked against a schema (a repeated key keeps its first value). */
export function readQuery<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  const query: Record<string, string> = {};
  for (const [key, value] of new URL(req.url).searchParams) if (!(key in query)) query[key] = value;
  return parseIn(schema, query);
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
        if (!gone.signal.aborted)
          controller.enqueue(encoder.encode(`${writeKeptJson(JSON.stringify(event))}\n`));
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
  return new Response(stream, {
    headers: { "Content-Type": "application/x-ndjson", "Cache-Control": "no-store" },
  });
}
