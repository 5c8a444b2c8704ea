import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { hostileServer, json } from "@/lib/server/testing/hostile-server";
import { MAX_ANSWER_BODY, openstackRequest } from "./http";

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
        openstackRequest({ service: "keystone", url: `${upstream.url}/v3/auth/tokens`, method, token: "secret-token", body: method === "POST" ? { password: "pw" } : undefined }),
      ).rejects.toMatchObject({ code: "invalid_response", message: expect.stringContaining("redirect") });
    }
    expect(elsewhere.requests).toEqual([]);
  });

  it("reads only the start of a huge error body, and keeps the sentence short", async () => {
    const upstream = await serve((_req, res) => {
      res.writeHead(500, { "Content-Type": "text/html" });
      res.end(`<h1>boom</h1>${"x".repeat(10 * 2 ** 20)}`);
    });
    const started = performance.now();
    const err = (await openstackRequest({ service: "glance", url: `${upstream.url}/v2/images` }).catch((e: unknown) => e)) as Error;
    expect(performance.now() - started).toBeLessThan(2000);
    expect(err).toMatchObject({ code: "upstream_unavailable" });
    expect(err.message.length).toBeLessThanOrEqual(500);
  });

  it("refuses a success answer larger than its cap instead of holding it in memory", async () => {
    const upstream = await serve((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(`{"images":[${'"x",'.repeat(MAX_ANSWER_BODY / 4)}"x"]}`);
    });
    await expect(openstackRequest({ service: "glance", url: `${upstream.url}/v2/images`, schema: z.object({ images: z.array(z.string()) }) })).rejects.toMatchObject({
      code: "invalid_response",
      message: expect.stringContaining("more than 16 MB"),
    });
  });
});
