import { readFileSync } from "node:fs";
import { PassThrough, Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";

import { describe, expect, it } from "vitest";

import {
  DOWNLOADS_PER_PERSON,
  endWhenIdle,
  HANDOFF_LOCATION,
  HANDOFF_REQUEST_HEADER,
  handOffHeaders,
  nginxFetches,
  takeDownloadPlace,
} from "./download";

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

describe("downloads nginx fetches itself", () => {
  const secret = "k3J9-qz8Lw2PxV7mR4tN1bY6cH0dF5gS";
  const asked = (value?: string) =>
    new Headers(value === undefined ? {} : { [HANDOFF_REQUEST_HEADER]: value });

  it("are handed over only on a request that carries this server's secret", () => {
    expect(nginxFetches(asked(secret), secret)).toBe(true);
    expect(nginxFetches(asked(), secret)).toBe(false);
    expect(nginxFetches(asked(""), secret)).toBe(false);
    expect(nginxFetches(asked(secret.slice(0, -1)), secret)).toBe(false);
    expect(nginxFetches(asked(secret.toUpperCase()), secret)).toBe(false);
    // Without a secret configured, nothing a request says hands a download over.
    expect(nginxFetches(asked(secret), null)).toBe(false);
    expect(nginxFetches(asked(""), null)).toBe(false);
  });

  it("are described to nginx in the headers its location reads, and only there", () => {
    const headers = handOffHeaders(
      {
        url: "https://192.0.2.7:9292/v2/images/x/file",
        host: "glance.example:9292",
        serverName: "glance.example",
        token: "gAAAA-token",
      },
      'attachment; filename="x.qcow2"',
    );
    expect(headers).toEqual({
      "X-Accel-Redirect": HANDOFF_LOCATION,
      "X-Glance-Share-Url": "https://192.0.2.7:9292/v2/images/x/file",
      "X-Glance-Share-Host": "glance.example:9292",
      "X-Glance-Share-Server-Name": "glance.example",
      "X-Glance-Share-Token": "gAAAA-token",
      "X-Glance-Share-Disposition": 'attachment; filename="x.qcow2"',
    });
    const site = readFileSync("deploy/nginx/download-handoff.conf", "utf8");
    expect(site).toContain(`location = ${HANDOFF_LOCATION} {`);
    for (const name of Object.keys(headers).filter((n) => n !== "X-Accel-Redirect"))
      expect(site).toContain(`$upstream_http_${name.toLowerCase().replaceAll("-", "_")};`);
    expect(readFileSync("deploy/nginx/glance-share.conf", "utf8")).toMatch(
      new RegExp(`proxy_set_header ${HANDOFF_REQUEST_HEADER} `, "i"),
    );
  });
});
