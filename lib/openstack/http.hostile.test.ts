import { spawn } from "node:child_process";
import { connect } from "node:net";

import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";

import { hostileServer, json } from "@/lib/server/testing/hostile-server";

import { CONNECT_TIMEOUT_MS, ForbiddenAddressError, pinnedLookup } from "./addresses";
import { handOff, MAX_ANSWER_BODY, openstackRequest } from "./http";

describe("openstackRequest against a hostile upstream", () => {
  const servers: { close: () => Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  const serve = async (answer: Parameters<typeof hostileServer>[0]) => {
    const s = await hostileServer(answer);
    servers.push(s);
    return s;
  };

  it("never follows a redirect: neither the token nor a login's password goes where it points", async () => {
    const elsewhere = await serve((_req, res) => json(res, { token: "stolen" }));
    const upstream = await serve((_req, res) => {
      res.writeHead(307, { Location: `${elsewhere.url}/v3/auth/tokens` });
      res.end();
    });
    for (const method of ["GET", "POST"] as const) {
      await expect(
        openstackRequest({
          service: "keystone",
          url: `${upstream.url}/v3/auth/tokens`,
          method,
          token: "secret-token",
          body: method === "POST" ? { password: "pw" } : undefined,
        }),
      ).rejects.toMatchObject({
        code: "invalid_response",
        message: expect.stringContaining("redirect"),
      });
    }
    expect(elsewhere.requests).toEqual([]);
  });

  it("reads only the start of a huge error body, and keeps the sentence short", async () => {
    const upstream = await serve((_req, res) => {
      res.writeHead(500, { "Content-Type": "text/html" });
      res.end(`<h1>boom</h1>${"x".repeat(10 * 2 ** 20)}`);
    });
    const started = performance.now();
    const err = (await openstackRequest({
      service: "glance",
      url: `${upstream.url}/v2/images`,
    }).catch((e: unknown) => e)) as Error;
    expect(performance.now() - started).toBeLessThan(2000);
    expect(err).toMatchObject({ code: "upstream_unavailable" });
    expect(err.message.length).toBeLessThanOrEqual(500);
  });

  it("refuses a success answer larger than its cap instead of holding it in memory", async () => {
    const upstream = await serve((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(`{"images":[${'"x",'.repeat(MAX_ANSWER_BODY / 4)}"x"]}`);
    });
    await expect(
      openstackRequest({
        service: "glance",
        url: `${upstream.url}/v2/images`,
        schema: z.object({ images: z.array(z.string()) }),
      }),
    ).rejects.toMatchObject({
      code: "invalid_response",
      message: expect.stringContaining("more than 16 MB"),
    });
  });
});

describe("where calls may go", () => {
  it("refuses a metadata or link-local address in any notation before connecting", async () => {
    for (const url of [
      "http://169.254.169.254/latest/meta-data",
      "http://[::ffff:169.254.169.254]/v3",
      "http://[fe80::1]/v2/images",
      "http://0.0.0.0:9292/v2/images",
    ]) {
      await expect(openstackRequest({ service: "glance", url }), url).rejects.toMatchObject({
        code: "upstream_unavailable",
        message: expect.stringContaining("not an address"),
      });
    }
  });

  it("resolves a host name once, refuses it if any address is forbidden, and connects to the address it checked", async () => {
    const answer = (addresses: { address: string; family: number }[]) =>
      new Promise<{ err: Error | null; address: unknown }>((resolve) =>
        pinnedLookup((_host, cb) => cb(null, addresses))("name.example", {}, (err, address) =>
          resolve({ err, address }),
        ),
      );
    expect(await answer([{ address: "203.0.113.5", family: 4 }])).toEqual({
      err: null,
      address: "203.0.113.5",
    });
    expect((await answer([{ address: "169.254.169.254", family: 4 }])).err).toMatchObject({
      name: "ForbiddenAddressError",
      message: "name.example resolves to 169.254.169.254, which is never connected to.",
    });
    expect((await answer([])).err?.message).toBe(
      "name.example resolves to nothing, which is never connected to.",
    );
    for (const bad of [
      [{ address: "169.254.169.254", family: 4 }],
      [
        { address: "203.0.113.5", family: 4 },
        { address: "::ffff:a9fe:a9fe", family: 6 },
      ],
      [],
    ]) {
      expect((await answer(bad)).err).toBeInstanceOf(ForbiddenAddressError);
    }
  });

  it("passes a resolver's own failure on, and hands every address over when all are asked for", async () => {
    const notFound = Object.assign(new Error("getaddrinfo ENOTFOUND nowhere.example"), {
      code: "ENOTFOUND",
    });
    const failed = await new Promise<{ err: Error | null; address: unknown }>((resolve) =>
      pinnedLookup((_host, cb) => cb(notFound, []))("nowhere.example", {}, (err, address) =>
        resolve({ err, address }),
      ),
    );
    expect(failed).toEqual({ err: notFound, address: "" });
    const both = [
      { address: "203.0.113.5", family: 4 },
      { address: "2001:db8::5", family: 6 },
    ];
    const all = await new Promise<unknown>((resolve) =>
      pinnedLookup((_host, cb) => cb(null, both))("name.example", { all: true }, (_err, address) =>
        resolve(address),
      ),
    );
    expect(all).toEqual(both);
  });

  it("hands a call to nginx only as it would make it: the checked address in the URL, the name kept for Host and TLS", async () => {
    // localhost is 127.0.0.1 or ::1, as this machine's resolver lists it first.
    const local = await handOff({
      service: "glance",
      url: "https://localhost:9292/v2/images/x/file?a=b",
    });
    expect(local.url).toMatch(/^https:\/\/(127\.0\.0\.1|\[::1\]):9292\/v2\/images\/x\/file\?a=b$/);
    expect(local).toMatchObject({ host: "localhost:9292", serverName: "localhost" });
    expect(await handOff({ service: "glance", url: "http://[::1]:9292/v2/x" })).toEqual({
      url: "http://[::1]:9292/v2/x",
      host: "[::1]:9292",
      serverName: "::1",
    });
    for (const url of [
      "http://169.254.169.254/latest/meta-data",
      "http://[::ffff:169.254.169.254]/v3",
      "file:///etc/passwd",
      "http://user:pw@127.0.0.1/v2",
    ]) {
      await expect(handOff({ service: "glance", url }), url).rejects.toMatchObject({
        code: "upstream_unavailable",
      });
    }
    await expect(
      handOff({ service: "glance", url: "http://nowhere.invalid/v2/x" }),
    ).rejects.toMatchObject({
      code: "upstream_unavailable",
      message: expect.stringContaining("nowhere.invalid"),
    });
  });

  it("calls through a host name on the pinned connection pool", async () => {
    const upstream = await hostileServer((_req, res) => json(res, { ok: true }));
    try {
      const res = await openstackRequest({
        service: "glance",
        url: `${upstream.url.replace("127.0.0.1", "localhost")}/v2/x`,
        schema: z.object({ ok: z.boolean() }),
      });
      expect(res.data).toEqual({ ok: true });
    } finally {
      await upstream.close();
    }
  });
});

describe("deadlines", () => {
  it(`gives up on a host that does not take the connection after ${CONNECT_TIMEOUT_MS / 1000} s, well before the answer timeout`, async () => {
    // A listening socket that never accepts, its backlog filled: further connections hang
    // as they do to a host that is down behind a firewall dropping packets.
    const listener = spawn("/usr/bin/python3", [
      "-c",
      "import socket,time\ns=socket.socket()\ns.bind(('127.0.0.1',0))\ns.listen(0)\nprint(s.getsockname()[1],flush=True)\ntime.sleep(60)",
    ]);
    try {
      const port = Number(
        await new Promise<string>((resolve) =>
          listener.stdout.once("data", (d: Buffer) => resolve(d.toString())),
        ),
      );
      const fillers = [0, 1, 2].map(() => connect(port, "127.0.0.1").on("error", () => undefined));
      const started = performance.now();
      await expect(
        openstackRequest({
          service: "glance",
          url: `http://127.0.0.1:${port}/v2/images`,
          timeoutMs: 30_000,
        }),
      ).rejects.toMatchObject({
        code: "timeout",
        message: `Glance at 127.0.0.1:${port} did not accept a connection within ${CONNECT_TIMEOUT_MS / 1000} s.`,
      });
      expect(performance.now() - started).toBeLessThan(CONNECT_TIMEOUT_MS + 3_000);
      for (const f of fillers) f.destroy();
    } finally {
      listener.kill();
    }
  }, 20_000);

  it("gives up on a body that trickles in forever, within the call's timeout", async () => {
    const drip = await hostileServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.write('{"images": [');
      const timer = setInterval(() => res.write(" "), 50);
      res.on("close", () => clearInterval(timer));
    });
    try {
      const started = performance.now();
      await expect(
        openstackRequest({
          service: "glance",
          url: `${drip.url}/v2/images`,
          schema: z.unknown(),
          timeoutMs: 500,
        }),
      ).rejects.toMatchObject({ code: "timeout" });
      expect(performance.now() - started).toBeLessThan(2_000);
    } finally {
      await drip.close();
    }
  });

  it("gives up on an answer that does not come within the call's timeout, saying so", async () => {
    const silent = await hostileServer(() => undefined);
    try {
      await expect(
        openstackRequest({
          service: "keystone",
          url: `${silent.url}/v3/auth/catalog`,
          timeoutMs: 300,
        }),
      ).rejects.toMatchObject({
        code: "timeout",
        message: "Keystone did not answer within 0.3 s.",
      });
    } finally {
      await silent.close();
    }
  });
});
