// Counts the calls that reached Glance and Keystone, read from their own request logs:
// an outsider's count, the same for the dashboard, the CLI and the direct calls.
import { closeSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import path from "node:path";

import { cloudDir } from "../seed/cloud-file";

const logDir = () => path.join(cloudDir(), "log");
const glanceLogs = () =>
  readdirSync(logDir())
    .filter((f) => /^glance-\d+\.log$/.test(f))
    .map((f) => path.join(logDir(), f));
const keystoneLog = () => path.join(logDir(), "keystone-wsgi.log");

// Glance: eventlet's access line; Keystone (wsgiref): the request line.
const GLANCE_REQUEST =
  /eventlet\.wsgi\.server .*"(GET|HEAD|POST|PUT|PATCH|DELETE) \/v2\/(\S*) HTTP/;
const KEYSTONE_REQUEST = /"(GET|HEAD|POST|PUT|PATCH|DELETE) \/v3(\S*) HTTP/;

function appended(file: string, from: number): string {
  const size = statSync(file).size;
  if (size <= from) return "";
  const buf = Buffer.alloc(size - from);
  const fd = openSync(file, "r");
  try {
    readSync(fd, buf, 0, buf.length, from);
  } finally {
    closeSync(fd);
  }
  return buf.toString("utf8");
}

const settle = () => new Promise((r) => setTimeout(r, 300));

export interface UpstreamCalls {
  glance: number;
  keystone: number;
  /** "POST images/{id}/members" and the like, for the report. */
  calls: string[];
}

/** Counts what reaches Glance and Keystone while `fn` runs (nothing else may run meanwhile). */
export async function countUpstream(fn: () => Promise<unknown>): Promise<UpstreamCalls> {
  // The servers write their access line as the answer leaves: let earlier calls' lines land first.
  await settle();
  const files = [...glanceLogs(), keystoneLog()];
  const start = new Map(files.map((f) => [f, statSync(f).size]));
  await fn();
  await settle();
  const out: UpstreamCalls = { glance: 0, keystone: 0, calls: [] };
  for (const file of files) {
    for (const line of appended(file, start.get(file)!).split("\n")) {
      const g = GLANCE_REQUEST.exec(line);
      const k = file === keystoneLog() ? KEYSTONE_REQUEST.exec(line) : null;
      if (g) {
        out.glance++;
        out.calls.push(
          `Glance ${g[1]} ${g[2]!
            .replace(/[0-9a-f-]{36}/g, "{image}")
            .replace(/[0-9a-f]{32}/g, "{project}")
            .replace(/\?.*/, "?…")}`,
        );
      } else if (k) {
        out.keystone++;
        out.calls.push(`Keystone ${k[1]} /v3${k[2]}`);
      }
    }
  }
  out.calls.sort();
  return out;
}
