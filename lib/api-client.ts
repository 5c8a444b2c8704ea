import type { z } from "zod";

import { apiErrorBodySchema, type ApiErrorCode } from "@/lib/schemas/api-error";

/**
 * What the browser itself says about a call that got no usable answer, in the page's
 * language: the page's words are handed over once it renders (CallWords), English before.
 */
const callWords = {
  network: () =>
    "The dashboard's server could not be reached. Check your connection and try again.",
  noExplanation: (status: number) => `The server answered ${status} without an explanation.`,
  unknown: () => "Something went wrong; try again.",
};
export type CallWords = typeof callWords;

/** Hands the page's words for failed calls to every call made from now on. */
export function setCallWords(words: CallWords): void {
  Object.assign(callWords, words);
}

/** The sentence of anything a call threw: the server's own for an ApiError, else a generic one. */
export const messageOf = (err: unknown) =>
  err instanceof ApiError ? err.message : callWords.unknown();

/** An error answer of the backend-for-frontend, rebuilt in the browser. */
export class ApiError extends Error {
  override readonly name = "ApiError";

  constructor(
    readonly code: ApiErrorCode | "network",
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

type RequestInit = {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  signal?: AbortSignal;
};

async function send(path: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(path, {
      method: init?.method ?? "GET",
      headers: init?.body === undefined ? undefined : { "Content-Type": "application/json" },
      body: init?.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init?.signal,
      credentials: "same-origin",
    });
  } catch (err) {
    if (init?.signal?.aborted) throw err;
    throw new ApiError("network", callWords.network(), 0);
  }
}

/** The error an answer that is not OK carries, rebuilt from its `{error: {code, message}}` body. */
async function errorOf(res: Response): Promise<ApiError> {
  const parsed = apiErrorBodySchema.safeParse(await res.json().catch(() => null));
  if (parsed.success)
    return new ApiError(parsed.data.error.code, parsed.data.error.message, res.status);
  return new ApiError("internal", callWords.noExplanation(res.status), res.status);
}

/** Calls a JSON endpoint of this dashboard and parses the answer, or throws an ApiError. */
export async function apiFetch<S extends z.ZodType>(
  path: string,
  schema: S,
  init?: RequestInit,
): Promise<z.infer<S>> {
  const res = await send(path, init);
  if (!res.ok) throw await errorOf(res);
  return schema.parse(await res.json().catch(() => null));
}

/** Reads a newline-delimited JSON answer event by event, each checked against the schema. */
export async function* apiStream<S extends z.ZodType>(
  path: string,
  schema: S,
  init?: RequestInit,
): AsyncGenerator<z.infer<S>> {
  const res = await send(path, init);
  if (!res.ok || !res.body) throw await errorOf(res);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffer += value;
    const lines = buffer.split("\n");
    buffer = lines.pop() ?? "";
    for (const line of lines) if (line.trim()) yield schema.parse(JSON.parse(line));
    if (done) break;
  }
  if (buffer.trim()) yield schema.parse(JSON.parse(buffer));
}
