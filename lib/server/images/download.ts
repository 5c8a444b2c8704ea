import "server-only";

import { Transform, type Readable } from "node:stream";

import { AppError } from "@/lib/errors";
import { say } from "@/lib/i18n/sentence";

/** Downloads one person may have running at once through this server. */
export const DOWNLOADS_PER_PERSON = 4;
/** A download nobody reads from (or Glance stopped sending) for this long is ended. */
export const DOWNLOAD_IDLE_MS = 60_000;

const running = new Map<string, number>();

/** Takes one of a person's download places; returns its release. Past the cap, a 429 sentence. */
export function takeDownloadPlace(person: string, name: string): () => void {
  const now = running.get(person) ?? 0;
  if (now >= DOWNLOADS_PER_PERSON)
    throw new AppError("rate_limited", say("images.tooManyDownloads", { user: name, count: now }));
  running.set(person, now + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (running.get(person) ?? 1) - 1;
    if (left === 0) running.delete(person);
    else running.set(person, left);
  };
}

/**
 * Passes the image's bytes on, and ends the download when none has passed for `idleMs`: a
 * browser that stopped reading no longer holds Glance's connection and a place. Bytes
 * pass only as fast as the reader takes them, so a reader that stopped stops them too.
 */
export function endWhenIdle(
  source: Readable,
  idleMs = DOWNLOAD_IDLE_MS,
  onEnd: () => void = () => undefined,
): Transform {
  let timer: NodeJS.Timeout;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const idle = new AppError("timeout", say("images.downloadIdle", { seconds: idleMs / 1000 }));
      source.destroy(idle);
      out.destroy(idle);
    }, idleMs);
  };
  const out = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      arm();
      done(null, chunk);
    },
  });
  arm();
  out.once("close", () => {
    clearTimeout(timer);
    source.destroy();
    onEnd();
  });
  source.once("error", (err) => out.destroy(err));
  source.pipe(out);
  return out;
}
