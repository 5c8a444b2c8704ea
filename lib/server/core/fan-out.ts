import "server-only";

import { mapSettled } from "@/lib/concurrency";
import { AppError } from "@/lib/errors";
import { say } from "@/lib/i18n/sentence";
import { keep } from "@/lib/i18n/write";
import type { SourceFailureDto } from "@/lib/schemas/images";
import { logFailure } from "@/lib/server/log";

import type { Source } from "./context";

/** Concurrent Glance calls of one request across projects and regions. */
export const FAN_OUT = 8;

/** What to tell the browser of a failed call: our own errors' sentences (kept), anything else unexplained. */
export function errorOf(err: unknown): { code: string; message: string } {
  if (err instanceof AppError) return { code: err.code, message: keep(err.sentence) };
  return {
    code: "internal",
    message: keep(say("request.failedHere", { reference: logFailure("unexpected failure", err) })),
  };
}

/** A pair that could not be read, with the sentence the upstream or the dashboard gave. */
export function failureOf(
  where: Pick<SourceFailureDto, "connectionId" | "projectName" | "region">,
  err: unknown,
): SourceFailureDto {
  return { ...where, ...errorOf(err) };
}

export interface FanOutResult<R> {
  /** In the order of the sources, the ones that answered. */
  results: { source: Source; value: R }[];
  failures: SourceFailureDto[];
  /** Sources still unanswered when patience ran out: their calls were stopped. */
  late: Source[];
}

/** Why a source's call never started: patience ran out while it waited its turn. */
const notStarted = Symbol("not started");

/**
 * Runs `call` for every source, a bounded number at once. A failing source is reported
 * beside the others' results, unless the request named that one source (`single`):
 * then its error is the request's error. With `patienceMs`, the answer does not wait
 * longer than that for a slow source: its call is stopped (through the signal `call`
 * gets) and the source is returned as `late`, for the caller to ask again on its own.
 */
export async function fanOut<R>(
  sources: Source[],
  call: (source: Source, signal?: AbortSignal) => Promise<R>,
  {
    single = false,
    limit = FAN_OUT,
    patienceMs,
  }: { single?: boolean; limit?: number; patienceMs?: number } = {},
): Promise<FanOutResult<R>> {
  const patience = patienceMs === undefined || single ? null : new AbortController();
  const timer = patience && setTimeout(() => patience.abort(), patienceMs);
  const settled = await mapSettled(sources, limit, (source) =>
    patience?.signal.aborted ? Promise.reject(notStarted) : call(source, patience?.signal),
  ).finally(() => timer && clearTimeout(timer));
  const out: FanOutResult<R> = { results: [], failures: [], late: [] };
  for (const [i, s] of settled.entries()) {
    const source = sources[i]!;
    if (s.status === "fulfilled") out.results.push({ source, value: s.value });
    else if (single) throw s.reason;
    else if (patience?.signal.aborted && (s.reason === notStarted || isCancelled(s.reason)))
      out.late.push(source);
    else out.failures.push(failureOf(source.dto, s.reason));
  }
  return out;
}

const isCancelled = (err: unknown) => err instanceof AppError && err.code === "cancelled";
