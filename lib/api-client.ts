import type { z } from "zod";
import { apiErrorBodySchema, type ApiErrorCode } from "@/lib/schemas/api-error";

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

/** Calls a JSON endpoint of this dashboard and parses the answer, or throws an ApiError. */
export async function apiFetch<S extends z.ZodType>(
  path: string,
  schema: S,
  init?: { method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"; body?: unknown; signal?: AbortSignal },
): Promise<z.infer<S>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init?.method ?? "GET",
      headers: init?.body === undefined ? undefined : { "Content-Type": "application/json" },
      body: init?.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init?.signal,
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError("network", "The dashboard's server could not be reached. Check your connection and try again.", 0);
  }
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const parsed = apiErrorBodySchema.safeParse(json);
    if (parsed.success) throw new ApiError(parsed.data.error.code, parsed.data.error.message, res.status);
    throw new ApiError("internal", `The server answered ${res.status} without an explanation.`, res.status);
  }
  return schema.parse(json);
}

/** Reads a newline-delimited JSON answer event by event, each checked against the schema. */
export async function* apiStream<S extends z.ZodType>(path: string, schema: S, signal?: AbortSignal): AsyncGenerator<z.infer<S>> {
  let res: Response;
  try {
    res = await fetch(path, { signal, credentials: "same-origin" });
  } catch {
    throw new ApiError("network", "The dashboard's server could not be reached. Check your connection and try again.", 0);
  }
  if (!res.ok || !res.body) {
    const parsed = apiErrorBodySchema.safeParse(await res.json().catch(() => null));
    if (parsed.success) throw new ApiError(parsed.data.error.code, parsed.data.error.message, res.status);
    throw new ApiError("internal", `The server answered ${res.status} without an explanation.`, res.status);
  }
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
