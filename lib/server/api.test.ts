import { describe, expect, it, vi } from "vitest";
import { z } from "zod";

import { AppError } from "@/lib/errors";
import { say } from "@/lib/i18n/sentence";
import { inLocale } from "@/lib/i18n/write";
import { OpenStackError } from "@/lib/openstack/errors";

import {
  clientAddress,
  MAX_JSON_BODY,
  ndjsonResponse,
  readJson,
  readQuery,
  toErrorResponse,
} from "./api";
import { TooManyLogins } from "./login-limits";
import { refusalOf } from "./origin";

const h = (entries: Record<string, string>) => new Headers(entries);
const dev = { appOrigin: null, trustProxy: false };
const prod = { appOrigin: "https://share.example.com", trustProxy: false };
const proxied = { appOrigin: "https://share.example.com", trustProxy: true };

/** A request from a page of `https://{host}`, through a proxy in front of 127.0.0.1:3000 that says so. */
const forwarded = (host: string) =>
  h({
    host: "127.0.0.1:3000",
    "x-forwarded-host": host,
    "x-forwarded-proto": "https",
    origin: `https://${host}`,
  });

describe("refusalOf", () => {
  it("in development, accepts a state change whose Origin is the host it was sent to", () => {
    expect(
      refusalOf("POST", h({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }), dev),
    ).toBeNull();
  });

  it("refuses another origin, even on the same host name with another port or scheme", () => {
    for (const origin of [
      "https://evil.example",
      "http://127.0.0.1:4000",
      "https://127.0.0.1:3000",
      "null",
    ]) {
      expect(refusalOf("POST", h({ host: "127.0.0.1:3000", origin }), dev), origin).toBe(
        "cross_origin",
      );
    }
  });

  it("without Origin, trusts only Sec-Fetch-Site: same-origin; reads pass", () => {
    expect(refusalOf("DELETE", h({ host: "a", "sec-fetch-site": "same-origin" }), dev)).toBeNull();
    expect(refusalOf("DELETE", h({ host: "a", "sec-fetch-site": "cross-site" }), dev)).toBe(
      "cross_origin",
    );
    expect(refusalOf("PATCH", h({ host: "a" }), dev)).toBe("cross_origin");
    expect(refusalOf("GET", h({ host: "a" }), dev)).toBeNull();
  });

  it("with APP_ORIGIN, refuses any request addressed to another host: a DNS-rebinding page cannot drive it", () => {
    const rebind = h({ host: "rebind.evil:3000", origin: "http://rebind.evil:3000" });
    expect(refusalOf("POST", rebind, prod)).toBe("wrong_host");
    expect(refusalOf("GET", rebind, prod)).toBe("wrong_host");
    expect(
      refusalOf(
        "POST",
        h({ host: "share.example.com", origin: "https://share.example.com" }),
        prod,
      ),
    ).toBeNull();
    // The origin is compared whole: http is not the https origin.
    expect(
      refusalOf("POST", h({ host: "share.example.com", origin: "http://share.example.com" }), prod),
    ).toBe("cross_origin");
  });

  it("in development behind a trusted proxy, compares with the scheme and host the proxy names", () => {
    const devProxied = { appOrigin: null, trustProxy: true };
    const viaProxy = forwarded("share.test");
    expect(refusalOf("POST", viaProxy, devProxied)).toBeNull();
    // Untrusted, the forwarded scheme and host are ignored: the origin is compared with http://127.0.0.1:3000.
    expect(refusalOf("POST", viaProxy, dev)).toBe("cross_origin");
    expect(
      refusalOf(
        "POST",
        h({
          host: "127.0.0.1:3000",
          "x-forwarded-proto": "https",
          origin: "http://127.0.0.1:3000",
        }),
        dev,
      ),
    ).toBeNull();
    // Trusted without a forwarded scheme: http.
    expect(
      refusalOf("POST", h({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }), devProxied),
    ).toBeNull();
  });

  it("believes X-Forwarded-Host only when a proxy of ours is said to be in front", () => {
    const behindProxy = forwarded("share.example.com");
    expect(refusalOf("POST", behindProxy, proxied)).toBeNull();
    expect(refusalOf("POST", behindProxy, prod)).toBe("wrong_host");
    const forged = h({
      host: "share.example.com",
      "x-forwarded-host": "evil.example",
      origin: "https://share.example.com",
    });
    expect(refusalOf("POST", forged, prod)).toBeNull();
    expect(refusalOf("POST", forged, proxied)).toBe("wrong_host");
  });
});

describe("toErrorResponse", () => {
  const body = async (res: Response) => ({
    status: res.status,
    json: (await res.json()) as unknown,
    cache: res.headers.get("cache-control"),
  });

  it("answers a dashboard error with its code's status and its sentence in the person's language", async () => {
    const err = new AppError("not_connected", say("session.notConnected"));
    expect(await body(toErrorResponse(err, "en"))).toEqual({
      status: 404,
      json: {
        error: { code: "not_connected", message: "That project is not connected (any more)." },
      },
      cache: "no-store",
    });
    expect((await body(toErrorResponse(err, "fr"))).json).toEqual({
      error: { code: "not_connected", message: "Ce projet n’est pas (ou plus) connecté." },
    });
  });

  it("answers an upstream error by its code, not by the upstream's status", async () => {
    const res = await body(
      toErrorResponse(
        new OpenStackError(
          "token_expired",
          say("upstream.tokenRefused", { service: "Glance" }),
          "glance",
          401,
        ),
        "en",
      ),
    );
    expect(res.status).toBe(401);
    expect(res.json).toEqual({
      error: {
        code: "token_expired",
        message:
          "Glance refused this project's token: it has expired or was revoked. Reconnect the project.",
      },
    });
    const quota = await body(
      toErrorResponse(
        new OpenStackError("member_quota", say("upstream.memberQuotaUnknown"), "glance", 413),
        "en",
      ),
    );
    expect(quota.status).toBe(413);
  });

  it("says when to try again after too many logins", async () => {
    const res = toErrorResponse(
      new TooManyLogins(say("login.tooManyForUser", { user: "alice", seconds: 42 }), 42),
      "fr",
    );
    expect(((await res.clone().json()) as { error: { message: string } }).error.message).toBe(
      "Trop de connexions échouées pour alice. Réessayez dans 42 s.",
    );
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("42");
  });

  it("answers invalid input with the first problem found, as a validation error", async () => {
    const parsed = z
      .object({ region: z.string().min(1, "Choose a region") })
      .safeParse({ region: "" });
    const res = await body(toErrorResponse(parsed.error, "en"));
    expect(res).toMatchObject({
      status: 400,
      json: { error: { code: "validation", message: "Choose a region" } },
    });
    expect((await body(toErrorResponse(parsed.error, "fr"))).json).toMatchObject({
      error: { message: "La requête n’est pas valide\u202f: Choose a region" },
    });
  });

  it("answers anything else with a generic 500 that leaks nothing of the error", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const res = await body(
      toErrorResponse(new Error("connect ECONNREFUSED 10.0.0.5:5432 password=hunter2"), "en"),
    );
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.json)).not.toMatch(/ECONNREFUSED|hunter2|10\.0\.0\.5/);
    expect(res.json).toMatchObject({
      error: { code: "internal", message: expect.stringMatching(/reference [0-9a-f]{8}/) },
    });
    const reference = /reference ([0-9a-f]{8})/.exec(JSON.stringify(res.json))![1]!;
    expect(log).toHaveBeenCalledWith(
      expect.stringContaining(reference),
      expect.objectContaining({ message: expect.stringContaining("hunter2") }),
    );
    log.mockRestore();
  });
});

describe("readJson", () => {
  const schema = z.object({ name: z.string() });
  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    new Request("http://x/api", { method: "POST", body, headers, duplex: "half" } as RequestInit);

  it("refuses a body announced bigger than 64 KB without reading it", async () => {
    await expect(
      readJson(post("{}", { "content-length": String(MAX_JSON_BODY + 1) }), schema),
    ).rejects.toMatchObject({ code: "too_large" });
  });

  it("stops reading a streamed body once it passes 64 KB", async () => {
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 16 * 1024;
        controller.enqueue(new Uint8Array(16 * 1024).fill(32));
      },
    });
    await expect(readJson(post(endless), schema)).rejects.toMatchObject({ code: "too_large" });
    expect(sent).toBeLessThan(MAX_JSON_BODY + 64 * 1024);
  });

  it("reads a body within the limit, and names bad JSON", async () => {
    expect(await readJson(post(JSON.stringify({ name: "alpha" })), schema)).toEqual({
      name: "alpha",
    });
    await expect(readJson(post("{oops"), schema)).rejects.toMatchObject({ code: "validation" });
  });
});

describe("clientAddress", () => {
  it("believes X-Forwarded-For only behind a trusted proxy, taking the address the proxy appended", () => {
    const headers = new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.9" });
    expect(clientAddress(headers, true)).toBe("203.0.113.9");
    expect(clientAddress(headers, false)).toBeNull();
  });
});

describe("readQuery", () => {
  it("checks the query string against a schema, first value of a repeated key", () => {
    const schema = z.object({ status: z.enum(["pending", "accepted"]).default("pending") });
    expect(readQuery(new Request("http://x/api?status=accepted&status=pending"), schema)).toEqual({
      status: "accepted",
    });
    expect(readQuery(new Request("http://x/api"), schema)).toEqual({ status: "pending" });
    expect(() => readQuery(new Request("http://x/api?status=nope"), schema)).toThrow();
  });

  it("says what is wrong with a value in the request's language", () => {
    const schema = z.object({ limit: z.coerce.number().int().max(1000) });
    const refusal = (locale: "en" | "fr") =>
      inLocale(locale, () => {
        try {
          readQuery(new Request("http://x/api?limit=5000"), schema);
        } catch (err) {
          return (err as z.ZodError).issues[0]!.message;
        }
        return "accepted";
      });
    expect(refusal("en")).toMatch(/^Too big/);
    expect(refusal("fr")).toMatch(/^Trop grand/);
  });
});

describe("ndjsonResponse", () => {
  const lines = async (res: Response) =>
    (await res.text())
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as unknown);

  it("streams each event as one JSON line, in the order emitted, uncached", async () => {
    const res = ndjsonResponse<{ n: number }>(
      async (emit) => {
        emit({ n: 1 });
        await new Promise((r) => setTimeout(r, 5));
        emit({ n: 2 });
      },
      () => [],
    );
    expect(res.headers.get("content-type")).toBe("application/x-ndjson");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await lines(res)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it("sends the first event before the work is done", async () => {
    let release!: () => void;
    const res = ndjsonResponse<{ n: number }>(
      async (emit) => {
        emit({ n: 1 });
        await new Promise<void>((r) => (release = r));
        emit({ n: 2 });
      },
      () => [],
    );
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    expect((await reader.read()).value).toBe('{"n":1}\n');
    release();
    expect((await reader.read()).value).toBe('{"n":2}\n');
  });

  it("ends a failed run with the events onError makes of the error, after what was already sent", async () => {
    const res = ndjsonResponse<{ n?: number; failed?: string }>(
      async (emit) => {
        emit({ n: 1 });
        throw new AppError("timeout", say("upstream.timeout", { service: "Glance", seconds: 15 }));
      },
      (err) => [{ failed: err instanceof Error ? err.message : "?" }],
    );
    expect(await lines(res)).toEqual([{ n: 1 }, { failed: "Glance did not answer within 15 s." }]);
  });
});
