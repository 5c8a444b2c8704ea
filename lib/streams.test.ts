import { PassThrough } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";

import { describe, expect, it } from "vitest";

import { readUpTo, webStreamOf } from "./streams";

const KiB64 = 64 * 1024;

describe("webStreamOf", () => {
  it("hands on the source's bytes in order, as the source's own chunks, and ends with it", async () => {
    const source = new PassThrough();
    const chunks = [Buffer.from("ab"), Buffer.from("cd"), Buffer.alloc(KiB64, 7)];
    const web = webStreamOf(source);
    for (const c of chunks) source.write(c);
    source.end();
    const reader = web.getReader();
    const got: Uint8Array[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) got.push(r.value);
    expect(Buffer.concat(got)).toEqual(Buffer.concat(chunks));
    // No copy: the reader receives the very buffers the source produced.
    expect(got[2]!.buffer).toBe(chunks[2]!.buffer);
  });

  it("stops taking bytes from the source while nobody reads, and takes them again when read", async () => {
    const source = new PassThrough({ highWaterMark: KiB64 });
    const web = webStreamOf(source);
    const total = 64;
    for (let i = 0; i < total; i++) source.write(Buffer.alloc(KiB64, i));
    source.end();
    await sleep(20);
    // The stream holds about 1 MiB, not one chunk; the other 3 MiB wait in the source.
    expect(source.isPaused()).toBe(true);
    const waiting = source.readableLength + source.writableLength;
    expect(waiting).toBeGreaterThanOrEqual(2.5 * 2 ** 20);
    expect(waiting).toBeLessThanOrEqual(3 * 2 ** 20);
    const { bytes } = await readUpTo(web, Number.MAX_SAFE_INTEGER);
    expect(bytes.length).toBe(total * KiB64);
    expect(bytes[bytes.length - 1]).toBe(total - 1);
  });

  it("destroys the source when the reader cancels (the browser went away)", async () => {
    const source = new PassThrough();
    const web = webStreamOf(source);
    source.write(Buffer.from("a"));
    await web.getReader().cancel();
    expect(source.destroyed).toBe(true);
  });

  it("passes the source's error to the reader", async () => {
    const source = new PassThrough();
    const reader = webStreamOf(source).getReader();
    source.destroy(new Error("Glance hung up"));
    await expect(reader.read()).rejects.toThrow("Glance hung up");
  });
});
