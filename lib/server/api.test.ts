import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { OpenStackError } from "@/lib/openstack/errors";
import { isSameOrigin, ndjsonResponse, readQuery, toErrorResponse } from "./api";

const h = (entries: Record<string, string>) => new Headers(entries);

describe("isSameOrigin", () => {
  it("accepts a request whose Origin is this host", () => {
    expect(isSameOrigin(h({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }))).toBe(true);
    expect(isSameOrigin(h({ host: "internal:3000", "x-forwarded-host": "share.example.com", origin: "https://share.example.com" }))).toBe(true);
  });

  it("refuses another origin, even on the same host name with another port", () => {
    expect(isSameOrigin(h({ host: "127.0.0.1:3000", origin: "https://evil.example" }))).toBe(false);
    expect(isSameOrigin(h({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:4000" }))).toBe(false);
    expect(isSameOrigin(h({ host: "127.0.0.1:3000", origin: "null" }))).toBe(false);
  });

  it("without Origin, trusts only Sec-Fetch-Site: same-origin", () => {
    expect(isSameOrigin(h({ host: "a", "sec-fetch-site": "same-origin" }))).toBe(true);
    expect(isSameOrigin(h({ host: "a", "sec-fetch-site": "cross-site" }))).toBe(false);
    expect(isSameOrigin(h({ host: "a" }))).toBe(false);
  });
});

describe("toErrorResponse", () => {
  const body = async (res: Response) => ({ status: res.status, json: (await res.json()) as unknown, cache: res.headers.get("cache-control") });

  it("answers a dashboard error with its code's status and its sentence", async () => {
    expect(await body(toErrorResponse(new AppError("not_connected", "That project is not connected (any more).")))).toEqual({
      status: 404,
      json: { error: { code: "not_connected", message: "That project is not connected (any more)." } },
      cache: "no-store",
    });
  });

  it("answers an upstream error by its code, not by the upstream's status", async () => {
    const res = await body(toErrorResponse(new OpenStackError("token_expired", "Glance refused this project's token.", "glance", 401)));
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: { code: "token_expired", message: "Glance refused this project's token." } });
    const quota = await body(toErrorResponse(new OpenStackError("member_quota", "Too many members.", "glance", 413)));
    expect(quota.status).toBe(413);
  });

  it("answers invalid input with the first problem found, as a validation error", async () => {
    const parsed = z.object({ region: z.string().min(1, "Choose a region") }).safeParse({ region: "" });
    const res = await body(toErrorResponse(parsed.error));
    expect(res).toMatchObject({ status: 400, json: { error: { code: "validation", message: "Choose a region" } } });
  });

  it("answers anything else with a generic 500 that leaks nothing of the error", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const res = await body(toErrorResponse(new Error("connect ECONNREFUSED 10.0.0.5:5432 password=hunter2")));
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.json)).not.toMatch(/ECONNREFUSED|hunter2|10\.0\.0\.5/);
    expect(res.json).toMatchObject({ error: { code: "internal", message: expect.stringMatching(/reference [0-9a-f]{8}/) } });
    const reference = /reference ([0-9a-f]{8})/.exec(JSON.stringify(res.json))![1]!;
    expect(log).toHaveBeenCalledWith(expect.stringContaining(reference), expect.objectContaining({ message: expect.stringContaining("hunter2") }));
    log.mockRestore();
  });
});

describe("readQuery", () => {
  it("checks the query string against a schema, first value of a repeated key", () => {
    const schema = z.object({ status: z.enum(["pending", "accepted"]).default("pending") });
    expect(readQuery(new Request("http://x/api?status=accepted&status=pending"), schema)).toEqual({ status: "accepted" });
    expect(readQuery(new Request("http://x/api"), schema)).toEqual({ status: "pending" });
    expect(() => readQuery(new Request("http://x/api?status=nope"), schema)).toThrow();
  });
});

describe("ndjsonResponse", () => {
  const lines = async (res: Response) => (await res.text()).split("\n").filter(Boolean).map((l) => JSON.parse(l) as unknown);

  it("streams each event as one JSON line, in the order emitted, uncached", async () => {
    const res = ndjsonResponse<{ n: number }>(async (emit) => {
      emit({ n: 1 });
      await new Promise((r) => setTimeout(r, 5));
      emit({ n: 2 });
    }, () => []);
    expect(res.headers.get("content-type")).toBe("application/x-ndjson");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await lines(res)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it("sends the first event before the work is done", async () => {
    let release!: () => void;
    const res = ndjsonResponse<{ n: number }>(async (emit) => {
      emit({ n: 1 });
      await new Promise<void>((r) => (release = r));
      emit({ n: 2 });
    }, () => []);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    expect((await reader.read()).value).toBe('{"n":1}\n');
    release();
    expect((await reader.read()).value).toBe('{"n":2}\n');
  });

  it("ends a failed run with the events onError makes of the error, after what was already sent", async () => {
    const res = ndjsonResponse<{ n?: number; failed?: string }>(
      async (emit) => {
        emit({ n: 1 });
        throw new AppError("timeout", "Glance did not answer within 15 s.");
      },
      (err) => [{ failed: err instanceof Error ? err.message : "?" }],
    );
    expect(await lines(res)).toEqual([{ n: 1 }, { failed: "Glance did not answer within 15 s." }]);
  });
});
