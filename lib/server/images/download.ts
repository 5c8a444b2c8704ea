import "server-only";

import { createHash, timingSafeEqual } from "node:crypto";
import { Transform, type Readable } from "node:stream";

import { AppError } from "@/lib/errors";
import { say } from "@/lib/i18n/sentence";
import type { ImageDataHandOff } from "@/lib/openstack/glance";

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

// nginx fetching a download itself (deploy/nginx/download-handoff.conf reads these names).
/** Set by nginx on every request it passes on, with the instances' GLANCE_SHARE_HANDOFF_SECRET. */
export const HANDOFF_REQUEST_HEADER = "x-glance-share-handoff";
/** The internal location nginx fetches the data from; nobody can ask for it from outside. */
export const HANDOFF_LOCATION = "/_glance_share/download";

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * Whether nginx is in front to fetch this download itself: the request carries the secret
 * only nginx sets. Without it, the answer's headers (the token among them) would reach
 * whoever asked, so a request straight to this server is always relayed.
 */
export function nginxFetches(headers: Headers, secret: string | null): boolean {
  const given = headers.get(HANDOFF_REQUEST_HEADER);
  return secret !== null && given !== null && timingSafeEqual(digest(given), digest(secret));
}

/**
 * The answer that hands a download to nginx: where to fetch it, as what host, with what
 * token, and the file's name, which nginx gives the browser only with the bytes (an error
 * saved as the image would be a file that lies).
 */
export function handOffHeaders(
  { url, host, serverName, token }: ImageDataHandOff,
  disposition: string,
) {
  return {
    "X-Accel-Redirect": HANDOFF_LOCATION,
    "X-Glance-Share-Url": url,
    "X-Glance-Share-Host": host,
    "X-Glance-Share-Server-Name": serverName,
    "X-Glance-Share-Token": token,
    "X-Glance-Share-Disposition": disposition,
  };
}
