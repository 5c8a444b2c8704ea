import type { Readable } from "node:stream";

/**
 * Reads a byte stream up to `cap` bytes and stops the transfer there: what a hostile or
 * broken peer sends beyond it is never held in memory.
 */
export async function readUpTo(
  stream: ReadableStream<Uint8Array> | null,
  cap: number,
): Promise<{ bytes: Buffer; cut: boolean }> {
  if (!stream) return { bytes: Buffer.alloc(0), cut: false };
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return { bytes: Buffer.concat(chunks), cut: false };
    size += value.byteLength;
    if (size > cap) {
      chunks.push(value.subarray(0, value.byteLength - (size - cap)));
      await reader.cancel().catch(() => undefined);
      return { bytes: Buffer.concat(chunks), cut: true };
    }
    chunks.push(value);
  }
}

/**
 * A Node stream as a Web stream, for a route's answer. Node's `Readable.toWeb` copies every
 * chunk into a new Uint8Array; a Buffer already is one, so this hands it on as it is. It
 * takes chunks while the consumer's queue has room and pauses the source when it is full,
 * so a slow reader slows the source; cancelling destroys the source.
 */
export function webStreamOf(source: Readable): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        source.on("data", (chunk: Buffer) => {
          controller.enqueue(chunk);
          if ((controller.desiredSize ?? 0) <= 0) source.pause();
        });
        source.once("end", () => controller.close());
        source.once("error", (err) => controller.error(err));
        source.pause();
      },
      pull() {
        source.resume();
      },
      cancel(reason) {
        source.destroy(reason instanceof Error ? reason : undefined);
      },
    },
    // Bytes, not chunks: a few chunks in flight whatever their size.
    { highWaterMark: 1 << 20, size: (chunk) => chunk.byteLength },
  );
}
