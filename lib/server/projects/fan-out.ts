import "server-only";
import { mapSettled } from "@/lib/concurrency";
import { AppError } from "@/lib/errors";
import { logFailure } from "@/lib/server/log";
import type { SourceFailureDto } from "@/lib/schemas/images";
import type { Source } from "./context";

/** Concurrent Glance calls of one request across projects and regions. */
export const FAN_OUT = 8;

/** What to tell the browser of a failed call: our own errors as they are, anything else unexplained. */
export function errorOf(err: unknown): { code: string; message: string } {
  if (err instanceof AppError) return { code: err.code, message: err.message };
  return { code: "internal", message: `This failed on the server (reference ${logFailure("unexpected failure", err)}).` };
}

/** A pair that could not be read, with the sentence the upstream or the dashboard gave. */
export function failureOf(where: Pick<SourceFailureDto, "connectionId" | "projectName" | "region">, err: unknown): SourceFailureDto {
  return { ...where, ...errorOf(err) };
}

export interface FanOutResult<R> {
  /** In the order of the sources, the ones that answered. */
  results: { source: Source; value: R }[];
  failures: SourceFailureDto[];
}

/**
 * Runs `call` for every source, a bounded number at once. A failing source is reported
 * beside the others' results, unless the request named that one source (`single`):
 * then its error is the request's error.
 */
export async function fanOut<R>(
  sources: Source[],
  call: (source: Source) => Promise<R>,
  { single = false, limit = FAN_OUT }: { single?: boolean; limit?: number } = {},
): Promise<FanOutResult<R>> {
  const settled = await mapSettled(sources, limit, call);
  const out: FanOutResult<R> = { results: [], failures: [] };
  for (const [i, s] of settled.entries()) {
    const source = sources[i]!;
    if (s.status === "fulfilled") out.results.push({ source, value: s.value });
    else if (single) throw s.reason;
    else out.failures.push(failureOf(source.dto, s.reason));
  }
  return out;
}
