import { PassThrough, Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";

import { describe, expect, it } from "vitest";

import { DOWNLOADS_PER_PERSON, endWhenIdle, takeDownloadPlace } from "./download";

describe("takeDownloadPlace", () => {
  it("gives one person at most their places, another person theirs, and a place back once", () => {
    const releases = Array.from({ length: DOWNLOADS_PER_PERSON }, () =>
      takeDownloadPlace("ann", "ann"),
    );
    expect(() => takeDownloadPlace("ann", "ann")).toThrow(
      `ann has ${DOWNLOADS_PER_PERSON} downloads running, the most one person may have at once`,
    );
    takeDownloadPlace("bob", "bob")();
    releases[0]!();
    releases[0]!();
    const again = takeDownloadPlace("ann", "ann");
    expect(() => takeDownloadPlace("ann", "ann")).toThrow(/downloads running/);
    [again, ...releases.slice(1)].forEach((r) => r());
  });
});

describe("endWhenIdle", () => {
  it("passes every byte of a download read to its end, and releases once", async () => {
    let ended = 0;
    const out = endWhenIdle(
      Readable.from([Buffer.from("ab"), Buffer.from("cd")]),
      1_000,
      () => ended++,
    );
    const chunks: Buffer[] = [];
    for await (const c of out) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe("abcd");
    await sleep(10);
    expect(ended).toBe(1);
  });

  it("ends a download nobody reads from, and the source with it", async () => {
    const source = new PassThrough();
    let ended = 0;
    const out = endWhenIdle(source, 200, () => ended++);
    // Far more than the buffers hold, and nobody reads.
    for (let i = 0; i < 64; i++) source.write(Buffer.alloc(64 * 1024));
    const error = await new Promise<Error>((resolve) => out.once("error", resolve));
    expect(error.message).toBe("Nothing was read from this download for 0.2 s: it was ended.");
    expect(source.destroyed).toBe(true);
    await sleep(10);
    expect(ended).toBe(1);
  });

  it("keeps a download going while the reader takes bytes, however slowly", async () => {
    const source = new PassThrough();
    // Far apart for a machine under load (mutation testing instruments every file), far within the limit.
    const out = endWhenIdle(source, 1_000);
    const got: number[] = [];
    out.on("data", (c: Buffer) => got.push(c.length));
    for (let i = 0; i < 5; i++) {
      source.write(Buffer.alloc(10));
      await sleep(100);
    }
    source.end();
    await new Promise((r) => out.once("end", r));
    expect(got.reduce((a, b) => a + b, 0)).toBe(50);
  });
});
