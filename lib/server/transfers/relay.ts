import "server-only";
import { createHash, type Hash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
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

/**
 * Copies an image's data from one Glance into a queued image on another in one pass:
 * Glance's download is fed to the upload as it arrives, with backpressure, so the server
 * never holds the image. Returns what passed, to check against both Glances' records
 * (`hash: false` leaves the hashes out: only the benchmark's floor does that).
 * If either side fails, both are stopped and the error is thrown.
 */
export async function relayImageData(
  from: RelayEnd,
  to: RelayEnd,
  { size, onProgress = () => undefined, hash = true }: { size?: number; onProgress?: (bytes: number) => void; hash?: boolean } = {},
): Promise<RelayedData> {
  const data = await openImageData(from.target, from.imageId);
  if (!data) throw new AppError("conflict", "The source image has no data to copy.");
  const meter = new Meter(onProgress, hash);
  // A failed download must fail the upload (not end it early, which Glance would take as the whole image).
  data.on("error", (err) => meter.destroy(err));
  data.pipe(meter);
  try {
    await uploadImageStream(to.target, to.imageId, meter, size);
  } catch (err) {
    data.destroy();
    throw err;
  }
  return { bytes: meter.bytes, sha512: meter.sha512?.digest("hex") ?? null, md5: meter.md5?.digest("hex") ?? null };
}
