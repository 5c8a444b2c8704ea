import "server-only";
import { STATUS_CODES } from "node:http";
import { fetch as undiciFetch } from "undici";
import type { z } from "zod";
import { readUpTo } from "@/lib/streams";
import { CONNECT_TIMEOUT_MS, ForbiddenAddressError, isForbiddenAddress, outboundAgent } from "./addresses";
import type { ApiErrorCode } from "@/lib/schemas/api-error";
import { OpenStackError, cleanUpstreamMessage, codeForStatus, describePolicyDenial, type OpenStackService } from "./errors";

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

const serviceNames: Record<OpenStackService, string> = { keystone: "Keystone", glance: "Glance" };

// What is read of an answer: an error is a sentence; a page of 1000 images is about 2 MB.
const MAX_ERROR_BODY = 8 * 1024;
export const MAX_ANSWER_BODY = 16 * 1024 * 1024;


/**
 * One call to Keystone or Glance. Node's fetch keeps connections alive between
 * calls, so repeated calls to the same endpoint reuse one socket.
 */
export async function openstackRequest<T = undefined>(req: OpenStackRequest<T>): Promise<OpenStackResponse<T>> {
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
  const target = new URL(req.url);
  if ((target.protocol !== "https:" && target.protocol !== "http:") || target.username || target.password || isForbiddenAddress(target.hostname)) {
    throw new OpenStackError("upstream_unavailable", `${name} at ${target.host} is not an address this dashboard calls.`, req.service, 0);
  }
  let res: Response;
  let read: { text: string; cut: boolean };
  try {
    res = (await undiciFetch(req.url, {
      method: req.method ?? "GET",
      headers,
      body,
      signal: req.signal ? AbortSignal.any([AbortSignal.timeout(timeoutMs), req.signal]) : AbortSignal.timeout(timeoutMs),
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
    if (causeIs(err, ForbiddenAddressError)) {
      throw new OpenStackError("upstream_unavailable", `${name} at ${target.host} resolves to an address this dashboard never calls.`, req.service, 0);
    }
    if (req.signal?.aborted) throw new OpenStackError("cancelled", `The ${name} call was cancelled: nobody is waiting for it any more.`, req.service, 0);
    if (codeOfCause(err) === "UND_ERR_CONNECT_TIMEOUT") {
      throw new OpenStackError("timeout", `${name} at ${target.host} did not accept a connection within ${CONNECT_TIMEOUT_MS / 1000} s.`, req.service, 0);
    }
    if (err instanceof DOMException && err.name === "TimeoutError") {
      throw new OpenStackError("timeout", `${name} did not answer within ${timeoutMs / 1000} s.`, req.service, 0);
    }
    throw new OpenStackError("upstream_unavailable", `${name} is unreachable at ${new URL(req.url).origin}.`, req.service, 0);
  }

  const { text } = read;
  if (res.status >= 300 && res.status < 400) {
    throw new OpenStackError("invalid_response", `${name} answered with a redirect (${res.status}), which is not followed.`, req.service, res.status);
  }
  if (!res.ok) {
    const message = upstreamMessage(text) || `${name} answered ${res.status} ${res.statusText}.`;
    const code = req.classify?.(res.status, message) ?? codeForStatus(res.status);
    throw new OpenStackError(code, humanMessage(code, message, name), req.service, res.status);
  }

  if (!req.schema) return { data: undefined as T, status: res.status, headers: res.headers };
  if (read.cut) {
    throw new OpenStackError("invalid_response", `${name} answered with more than ${MAX_ANSWER_BODY / 2 ** 20} MB; the answer was not read.`, req.service, res.status);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new OpenStackError("invalid_response", `${name} answered with something that is not JSON.`, req.service, res.status);
  }
  const parsed = req.schema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join(".") || "the body";
    throw new OpenStackError("invalid_response", `${name} answered in an unexpected shape (at ${where}).`, req.service, res.status);
  }
  return { data: parsed.data, status: res.status, headers: res.headers };
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

function humanMessage(code: ApiErrorCode, message: string, service: string): string {
  if (code === "token_expired") return `${service} refused this project's token: it has expired or was revoked. Reconnect the project.`;
  if (code === "rate_limited") return `${service} is limiting requests (too many in a short time). Wait a minute and try again.`;
  return describePolicyDenial(message);
}

/** The human part of an error body: Glance's `{message}`, Keystone's `{error: {message}}`, or the page text. */
export function upstreamMessage(text: string): string {
  let raw = text;
  try {
    const json: unknown = JSON.parse(text);
    if (json && typeof json === "object") {
      const obj = json as { message?: unknown; error?: { message?: unknown } };
      const message = obj.error?.message ?? obj.message;
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
