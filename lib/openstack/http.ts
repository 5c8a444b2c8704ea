import "server-only";

import { STATUS_CODES } from "node:http";
import { Readable } from "node:stream";

import { fetch as undiciFetch, request as undiciRequest, type Dispatcher } from "undici";
import type { z } from "zod";

import { say, type Sentence } from "@/lib/i18n/sentence";
import type { ApiErrorCode } from "@/lib/schemas/api-error";
import { readUpTo } from "@/lib/streams";

import {
  checkedAddress,
  CONNECT_TIMEOUT_MS,
  ForbiddenAddressError,
  isForbiddenAddress,
  outboundAgent,
  unbracketed,
} from "./addresses";
import {
  cleanUpstreamMessage,
  codeForStatus,
  describeMemberQuota,
  describePolicyDenial,
  OpenStackError,
  type OpenStackService,
} from "./errors";

export const DEFAULT_TIMEOUT_MS = 15_000;

/** Refines the code of a failed call from what only the call site knows. */
export type ErrorClassifier = (status: number, message: string) => ApiErrorCode | undefined;

export interface OpenStackRequest<T> {
  service: OpenStackService;
  url: string;
  method?: "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";
  token?: string;
  headers?: Record<string, string>;
  /** JSON-encoded unless it is already bytes. */
  body?: unknown;
  contentType?: string;
  /** Parses the JSON response; omit it for calls that answer with no body. */
  schema?: z.ZodType<T>;
  timeoutMs?: number;
  classify?: ErrorClassifier;
  /** Aborts the call when whoever asked for it has gone (the browser left a stream). */
  signal?: AbortSignal;
}

export interface OpenStackResponse<T> {
  data: T;
  status: number;
  headers: Headers;
}

const serviceNames: Record<OpenStackService, string> = {
  keystone: "Keystone",
  glance: "Glance",
  nova: "Nova",
};

// What is read of an answer: an error is a sentence; a page of 1000 images is about 2 MB.
const MAX_ERROR_BODY = 8 * 1024;
export const MAX_ANSWER_BODY = 16 * 1024 * 1024;

/**
 * One call to Keystone or Glance. Node's fetch keeps connections alive between
 * calls, so repeated calls to the same endpoint reuse one socket.
 */
export async function openstackRequest<T = undefined>(
  req: OpenStackRequest<T>,
): Promise<OpenStackResponse<T>> {
  const headers: Record<string, string> = { Accept: "application/json", ...req.headers };
  if (req.token) headers["X-Auth-Token"] = req.token;
  let body: string | Uint8Array | undefined;
  if (req.body instanceof Uint8Array) {
    body = req.body;
    headers["Content-Type"] = req.contentType ?? "application/octet-stream";
  } else if (req.body !== undefined) {
    body = JSON.stringify(req.body);
    headers["Content-Type"] = req.contentType ?? "application/json";
  }

  const name = serviceNames[req.service];
  const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const target = checkedUrl(req);
  let res: Response;
  let read: { text: string; cut: boolean };
  try {
    res = (await undiciFetch(req.url, {
      method: req.method ?? "GET",
      headers,
      body,
      signal: req.signal
        ? AbortSignal.any([AbortSignal.timeout(timeoutMs), req.signal])
        : AbortSignal.timeout(timeoutMs),
      cache: "no-store",
      // A redirect is never followed: fetch would carry X-Auth-Token (and a login's
      // password, on 307/308) to wherever it points.
      redirect: "manual",
      // Host names are resolved once, checked, and the checked address is connected to.
      dispatcher: outboundAgent,
    })) as unknown as Response;
    const { bytes, cut } = await readUpTo(res.body, res.ok ? MAX_ANSWER_BODY : MAX_ERROR_BODY);
    read = { text: bytes.toString("utf8"), cut };
  } catch (err) {
    throw transportError(err, req, target, timeoutMs);
  }

  const { text } = read;
  if (res.status >= 300) throw statusError(req, res.status, text);

  if (!req.schema) return { data: undefined as T, status: res.status, headers: res.headers };
  if (read.cut) {
    throw new OpenStackError(
      "invalid_response",
      say("upstream.tooBig", { service: name, megabytes: MAX_ANSWER_BODY / 2 ** 20 }),
      req.service,
      res.status,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new OpenStackError(
      "invalid_response",
      say("upstream.notJson", { service: name }),
      req.service,
      res.status,
    );
  }
  const parsed = req.schema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join(".") || "the body";
    throw new OpenStackError(
      "invalid_response",
      say("upstream.shape", { service: name, where }),
      req.service,
      res.status,
    );
  }
  return { data: parsed.data, status: res.status, headers: res.headers };
}

/** The call's URL, if it is one this dashboard may call at all (the address itself is checked again on connect). */
function checkedUrl(req: Pick<OpenStackRequest<unknown>, "url" | "service">): URL {
  const target = new URL(req.url);
  if (
    (target.protocol !== "https:" && target.protocol !== "http:") ||
    target.username ||
    target.password ||
    isForbiddenAddress(target.hostname)
  ) {
    throw new OpenStackError(
      "upstream_unavailable",
      say("upstream.notCalled", { service: serviceNames[req.service], host: target.host }),
      req.service,
      0,
    );
  }
  return target;
}

/** A call that got no answer: refused address, cancelled, timed out or unreachable. */
function transportError(
  err: unknown,
  req: Pick<OpenStackRequest<unknown>, "service" | "signal" | "url">,
  target: URL,
  timeoutMs: number,
): OpenStackError {
  const name = serviceNames[req.service];
  if (causeIs(err, ForbiddenAddressError)) {
    return new OpenStackError(
      "upstream_unavailable",
      say("upstream.forbiddenAddress", { service: name, host: target.host }),
      req.service,
      0,
    );
  }
  if (req.signal?.aborted)
    return new OpenStackError(
      "cancelled",
      say("upstream.cancelled", { service: name }),
      req.service,
      0,
    );
  if (codeOfCause(err) === "UND_ERR_CONNECT_TIMEOUT") {
    return new OpenStackError(
      "timeout",
      say("upstream.connectTimeout", {
        service: name,
        host: target.host,
        seconds: CONNECT_TIMEOUT_MS / 1000,
      }),
      req.service,
      0,
    );
  }
  if (
    (err instanceof DOMException && err.name === "TimeoutError") ||
    codeOfCause(err) === "UND_ERR_HEADERS_TIMEOUT"
  ) {
    return new OpenStackError(
      "timeout",
      say("upstream.timeout", { service: name, seconds: timeoutMs / 1000 }),
      req.service,
      0,
    );
  }
  return new OpenStackError(
    "upstream_unavailable",
    say("upstream.unreachable", { service: name, origin: target.origin }),
    req.service,
    0,
  );
}

/** An answer that is not a success: a redirect (never followed) or an error, in a sentence. */
function statusError(
  req: Pick<OpenStackRequest<unknown>, "service" | "classify">,
  status: number,
  text: string,
): OpenStackError {
  const name = serviceNames[req.service];
  if (status >= 300 && status < 400) {
    return new OpenStackError(
      "invalid_response",
      say("upstream.redirect", { service: name, status }),
      req.service,
      status,
    );
  }
  const said = upstreamMessage(text);
  const reason = STATUS_CODES[status];
  const bare = say("upstream.status", {
    service: name,
    status,
    reason: reason ? ` ${reason}` : "",
  });
  const code = req.classify?.(status, said) ?? codeForStatus(status);
  return new OpenStackError(code, humanMessage(code, said, name, bare), req.service, status);
}

export interface OpenStackStream {
  /** The answer's bytes, read as the reader reads them (backpressure): never held whole. */
  body: Readable;
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * A call whose data streams instead of being read whole: an image's data, downloaded
 * (the answer's body) or uploaded (`upload`, sent as it is read, with backpressure). The
 * same outbound policy as every call (checked address, pinned lookup, no redirect); an
 * error answer is read up to 8 KB and thrown as usual. `timeoutMs` bounds the wait for
 * the headers and each pause between chunks, not the whole transfer.
 */
export async function openstackStream(
  req: Omit<OpenStackRequest<never>, "schema" | "body" | "contentType"> & { upload?: Readable },
): Promise<OpenStackStream> {
  const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const target = checkedUrl(req);
  const headers: Record<string, string> = { ...req.headers };
  if (req.token) headers["X-Auth-Token"] = req.token;
  let res: Dispatcher.ResponseData;
  try {
    res = await undiciRequest(target, {
      method: req.method ?? "GET",
      headers,
      body: req.upload,
      signal: req.signal,
      dispatcher: outboundAgent,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  } catch (err) {
    throw transportError(err, req, target, timeoutMs);
  }
  if (res.statusCode >= 300) {
    const { bytes } = await readUpTo(
      Readable.toWeb(res.body) as ReadableStream<Uint8Array>,
      MAX_ERROR_BODY,
    ).catch(() => ({ bytes: Buffer.alloc(0) }));
    throw statusError(req, res.statusCode, bytes.toString("utf8"));
  }
  return { body: res.body, status: res.statusCode, headers: res.headers };
}

/** A GET another process makes for us (nginx, for a download): where to, and the name to give. */
export interface HandOff {
  /** The URL with the checked address in place of its host name: nothing resolves it again. */
  url: string;
  /** The Host header and the TLS server name (and certificate name) the call must carry. */
  host: string;
  serverName: string;
}

/**
 * A call handed to another process passes the same outbound policy as every call: the
 * scheme and address are checked, and the address checked is the one connected to.
 */
export async function handOff(
  req: Pick<OpenStackRequest<unknown>, "url" | "service" | "signal">,
): Promise<HandOff> {
  const target = checkedUrl(req);
  let address: string;
  try {
    address = await checkedAddress(target.hostname);
  } catch (err) {
    throw transportError(err, req, target, DEFAULT_TIMEOUT_MS);
  }
  const pinned = new URL(target);
  pinned.hostname = address.includes(":") ? `[${address}]` : address;
  return { url: pinned.href, host: target.host, serverName: unbracketed(target.hostname) };
}

/** The `code` of an error or of one it was caused by (fetch wraps connection errors). */
function codeOfCause(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e instanceof Error; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as Error).cause;
  }
  return undefined;
}

/** Whether an error, or one it was caused by, is of a class (fetch wraps connection errors). */
function causeIs(err: unknown, kind: new (...args: never[]) => Error): boolean {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e instanceof Error; depth++) {
    if (e instanceof kind) return true;
    e = (e as Error).cause;
  }
  return false;
}

/** What an error answer means, in a sentence; `bare` when the service said nothing. */
function humanMessage(code: ApiErrorCode, said: string, service: string, bare: Sentence): Sentence {
  if (code === "token_expired") return say("upstream.tokenRefused", { service });
  if (code === "rate_limited") return say("upstream.rateLimited", { service });
  if (code === "member_quota") return describeMemberQuota(said);
  return said ? describePolicyDenial(said, service) : bare;
}

/**
 * The human part of an error body: Glance's `{message}`, Keystone's `{error: {message}}`,
 * Nova's `{badRequest: {message}}` (one key naming the fault), or the page text.
 */
export function upstreamMessage(text: string): string {
  let raw = text;
  try {
    const json: unknown = JSON.parse(text);
    if (json && typeof json === "object") {
      const obj = json as Record<string, unknown>;
      const values = Object.values(obj);
      const only = values.length === 1 ? (values[0] as { message?: unknown } | null) : null;
      const message =
        (obj.error as { message?: unknown } | undefined)?.message ??
        obj.message ??
        (only && typeof only === "object" ? only.message : undefined);
      if (typeof message === "string") raw = message;
    }
  } catch {
    // Not JSON: an HTML or plain-text page; cleaned below.
  }
  return stripStatusLine(cleanUpstreamMessage(raw)).slice(0, 500);
}

// webob (Glance) names a few statuses differently from Node.
const webobReasons: Record<string, string> = { "413": "Request Entity Too Large" };

/** Glance's HTML pages repeat their status line as a heading: "403 Forbidden Only shared images…". */
function stripStatusLine(message: string): string {
  const code = /^(\d{3}) /.exec(message)?.[1];
  if (!code) return message;
  for (const reason of [STATUS_CODES[code], webobReasons[code]]) {
    const heading = `${code} ${reason}`;
    if (reason && message.startsWith(heading)) return message.slice(heading.length).trim();
  }
  return message;
}
