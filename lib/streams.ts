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
