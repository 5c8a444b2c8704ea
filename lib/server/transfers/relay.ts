import "server-only";

import { createHash, type Hash } from "node:crypto";
import { Transform, type Readable, type TransformCallback } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";

import { AppError } from "@/lib/errors";
import { formatBytes } from "@/lib/format";
import { say, type Sentence } from "@/lib/i18n/sentence";
import { isPassingFault } from "@/lib/openstack/errors";
import { openImageData, uploadImageStream, type GlanceTarget } from "@/lib/openstack/glance";
import { logFailure } from "@/lib/server/log";
import type { RelayedData } from "@/lib/transfers/copy";

/** One image on one Glance, as a relay end. */
export interface RelayEnd {
  target: GlanceTarget;
  imageId: string;
}

/**
 * Counts what passes, unchanged, and takes its SHA-512 unless told not to. Not its MD5:
 * the target's Glance takes that of the same bytes (SHA-512 shows they are the same), and
 * a second hash here would double the relay's CPU (docs/benchmarks.md, section 6).
 */
class Meter extends Transform {
  readonly sha512: Hash | null;
  bytes = 0;

  constructor(
    private readonly onProgress: (bytes: number) => void,
    hash: boolean,
  ) {
    super();
    this.sha512 = hash ? createHash("sha512") : null;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    this.sha512?.update(chunk);
    this.bytes += chunk.length;
    this.onProgress(this.bytes);
    callback(null, chunk);
  }
}

/** Times one relay may pick its source up again after it broke off. */
export const MAX_RESUMES = 3;

/** The waits before each try to reopen a source that broke off: at once, then longer, so a Glance that restarts (seconds) is waited for. */
export const RESUME_DELAYS_MS: readonly number[] = [0, 1_000, 3_000, 9_000];

/**
 * A relay that failed, and on which end. A target that broke off may take the data
 * again from the start (a new upload); a source that could not be picked up again is done.
 */
export class RelayError extends AppError {
  override readonly name: string = "RelayError";

  constructor(
    readonly end: "source" | "target",
    readonly reason: AppError,
  ) {
    super(reason.code, reason.sentence);
  }
}

/** Our errors as they are; a stream's bare error (a socket's own words) as a sentence and a reference to the log. */
const asAppError = (err: unknown, what: Sentence): AppError =>
  err instanceof AppError
    ? err
    : new AppError(
        "upstream_unavailable",
        say("transfers.streamFailed", { what, reference: logFailure("relay stream failed", err) }),
      );

export interface RelayOptions {
  /** The source's size: needed to resume, and to tell a whole download from a cut one. */
  size?: number;
  onProgress?: (bytes: number) => void;
  /** The source broke off at a byte: try `attempt` of `of` to pick it up from there is next. */
  onResume?: (event: { at: number; attempt: number; of: number; reason: Sentence }) => void;
  /** `false` leaves the hash out: only the benchmark's floor does that. */
  hash?: boolean;
  resumeDelaysMs?: readonly number[];
}

/**
 * Copies an image's data from one Glance into a queued image on another in one pass:
 * Glance's download is fed to the upload as it arrives, with backpressure, so the server
 * never holds the image. When the download breaks off, it is asked again from the byte
 * it had reached (a Range request, after the waits of RESUME_DELAYS_MS while the source
 * cannot be reached) and keeps feeding the same upload, up to MAX_RESUMES times; the
 * upload itself cannot resume, so its failure fails the relay (a RelayError of the
 * target end). Returns what passed, to check against both Glances' records. If either
 * side fails, both are stopped.
 */
export async function relayImageData(
  from: RelayEnd,
  to: RelayEnd,
  {
    size,
    onProgress = () => undefined,
    onResume = () => undefined,
    hash = true,
    resumeDelaysMs = RESUME_DELAYS_MS,
  }: RelayOptions = {},
): Promise<RelayedData & { resumes: number }> {
  const first = await openImageData(from.target, from.imageId).catch((err: unknown) => {
    throw new RelayError("source", asAppError(err, say("transfers.sourceUnreadable")));
  });
  if (!first)
    throw new RelayError("source", new AppError("conflict", say("transfers.noSourceData")));
  const meter = new Meter(onProgress, hash);
  // Bytes handed to the meter (it may not have hashed them all yet): where a resume starts.
  let fed = 0;
  let resumes = 0;
  let current = first;
  // Why the source could not go on; the upload then fails because of it, not of the target.
  let sourceFailure: AppError | null = null;
  let ended = false;
  // A failed download must fail the upload (not end it early, which Glance would take as the whole image).
  const fail = (err: AppError) => {
    sourceFailure ??= err;
    meter.destroy(err);
  };

  const feed = (data: Readable) => {
    current = data;
    let over = false;
    const broke = (err: Error) => {
      if (over) return;
      over = true;
      data.unpipe(meter);
      data.on("error", () => undefined).destroy();
      void resume(err);
    };
    data.on("data", (chunk: Buffer) => (fed += chunk.length));
    data.on("error", broke);
    data.on("end", () => {
      if (size === undefined || fed === size) {
        over = true;
        meter.end();
      } else broke(new Error(`the source ended after ${fed} of ${size} bytes`));
    });
    data.pipe(meter, { end: false });
  };

  const brokeOff = (reason: unknown, tries: number) =>
    new AppError(
      "upstream_unavailable",
      say("transfers.sourceBrokeOff", {
        fed: formatBytes(fed),
        size: size === undefined ? "none" : formatBytes(size),
        tries,
        reason: asAppError(reason, say("transfers.connectionBroke")).sentence,
      }),
    );
  const resume = async (err: Error) => {
    if (ended || meter.destroyed) return;
    if (size === undefined || resumes >= MAX_RESUMES) return fail(brokeOff(err, 0));
    resumes++;
    let last: unknown = err;
    let tries = 0;
    for (const delay of resumeDelaysMs) {
      onResume({
        at: fed,
        attempt: tries + 1,
        of: resumeDelaysMs.length,
        reason: asAppError(last, say("transfers.connectionBroke")).sentence,
      });
      try {
        await sleep(delay, undefined, { signal: from.target.signal });
      } catch {
        return fail(new AppError("cancelled", say("jobs.cancelled")));
      }
      if (ended || meter.destroyed) return;
      tries++;
      try {
        const next = await openImageData(from.target, from.imageId, { from: fed });
        if (!next) return fail(new AppError("conflict", say("transfers.sourceGone")));
        if (ended || meter.destroyed) return void next.on("error", () => undefined).destroy();
        return feed(next);
      } catch (reopenErr) {
        last = reopenErr;
        // Only a source that did not answer may answer later; one that refuses the range never will.
        if (!isPassingFault(reopenErr)) break;
      }
    }
    fail(brokeOff(last, tries));
  };

  feed(first);
  try {
    await uploadImageStream(to.target, to.imageId, meter, size);
  } catch (err) {
    ended = true;
    current.on("error", () => undefined).destroy();
    meter.destroy();
    throw sourceFailure
      ? new RelayError("source", sourceFailure)
      : new RelayError("target", asAppError(err, say("transfers.uploadBroke")));
  }
  ended = true;
  return { bytes: meter.bytes, sha512: meter.sha512?.digest("hex") ?? null, resumes };
}
