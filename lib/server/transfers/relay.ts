import "server-only";
import { createHash, type Hash } from "node:crypto";
import { Transform, type Readable, type TransformCallback } from "node:stream";
import { AppError } from "@/lib/errors";
import { openImageData, uploadImageStream, type GlanceTarget } from "@/lib/openstack/glance";
import type { RelayedData } from "@/lib/transfers/copy";

/** One image on one Glance, as a relay end. */
export interface RelayEnd {
  target: GlanceTarget;
  imageId: string;
}

/** Counts what passes, unchanged, and hashes it unless told not to. */
class Meter extends Transform {
  readonly sha512: Hash | null;
  readonly md5: Hash | null;
  bytes = 0;

  constructor(
    private readonly onProgress: (bytes: number) => void,
    hash: boolean,
  ) {
    super();
    this.sha512 = hash ? createHash("sha512") : null;
    this.md5 = hash ? createHash("md5") : null;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    this.sha512?.update(chunk);
    this.md5?.update(chunk);
    this.bytes += chunk.length;
    this.onProgress(this.bytes);
    callback(null, chunk);
  }
}

/** Times a relay reopens its source (from the byte it had reached) after the connection broke. */
export const MAX_RESUMES = 3;

/**
 * Copies an image's data from one Glance into a queued image on another in one pass:
 * Glance's download is fed to the upload as it arrives, with backpressure, so the server
 * never holds the image. When the download breaks off, it is asked again from the byte
 * it had reached (a Range request) and keeps feeding the same upload, up to MAX_RESUMES
 * times; the upload itself cannot resume, so its failure fails the relay. Returns what
 * passed, to check against both Glances' records (`hash: false` leaves the hashes out:
 * only the benchmark's floor does that). If either side fails, both are stopped.
 */
export async function relayImageData(
  from: RelayEnd,
  to: RelayEnd,
  { size, onProgress = () => undefined, hash = true }: { size?: number; onProgress?: (bytes: number) => void; hash?: boolean } = {},
): Promise<RelayedData & { resumes: number }> {
  const first = await openImageData(from.target, from.imageId);
  if (!first) throw new AppError("conflict", "The source image has no data to copy.");
  const meter = new Meter(onProgress, hash);
  // Bytes handed to the meter (it may not have hashed them all yet): where a resume starts.
  let fed = 0;
  let resumes = 0;
  let current = first;

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
  // A failed download must fail the upload (not end it early, which Glance would take as the whole image).
  const resume = async (err: Error) => {
    if (size === undefined || resumes >= MAX_RESUMES || meter.destroyed) return void meter.destroy(err);
    resumes++;
    try {
      const next = await openImageData(from.target, from.imageId, { from: fed });
      if (!next) throw new AppError("conflict", "The source image's data is gone.");
      feed(next);
    } catch (reopenErr) {
      meter.destroy(reopenErr instanceof Error ? reopenErr : err);
    }
  };

  feed(first);
  try {
    await uploadImageStream(to.target, to.imageId, meter, size);
  } catch (err) {
    current.on("error", () => undefined).destroy();
    throw err;
  }
  return { bytes: meter.bytes, sha512: meter.sha512?.digest("hex") ?? null, md5: meter.md5?.digest("hex") ?? null, resumes };
}
