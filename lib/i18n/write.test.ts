import { describe, expect, it } from "vitest";

import { oneAfterAnother, say } from "./sentence";
import { currentLocale, inLocale, keep, write, writeKeptJson } from "./write";

const expired = say("session.expired", { project: "beta" });

describe("write", () => {
  it("writes a sentence in each language, a sentence among its values in the same one", () => {
    expect(write(expired, "en")).toBe(
      "The session of beta has expired or was revoked. Reconnect the project.",
    );
    expect(write(expired, "fr")).toBe(
      "La session de beta a expiré ou a été révoquée. Reconnectez le projet.",
    );
    const nested = say("transfers.verifiedThen", { reason: expired });
    expect(write(nested, "fr")).toBe(
      "Copiée et vérifiée, mais ensuite\u202f: La session de beta a expiré ou a été révoquée. Reconnectez le projet.",
    );
  });

  it("writes in the request's language inside it, and in English outside any", async () => {
    expect(currentLocale()).toBe("en");
    await inLocale("fr", async () => {
      await Promise.resolve();
      expect(write(expired)).toMatch(/^La session de beta/);
    });
    expect(write(expired)).toMatch(/^The session of beta/);
  });

  it("quotes an upstream's words as they came, even when they look like ICU syntax", () => {
    const glance = say("upstream.said", { service: "Glance", detail: "bad {name} 'x' #1" });
    expect(write(glance, "en")).toBe("bad {name} 'x' #1");
    expect(write(glance, "fr")).toBe("Le service a répondu\u202f: «\u202fbad {name} 'x' #1\u202f»");
  });
});

describe("oneAfterAnother", () => {
  it("says each sentence once, in order", () => {
    const a = say("session.notConnected");
    const b = say("request.notJson");
    expect(write(oneAfterAnother([a, b, a]), "en")).toBe(
      "That project is not connected (any more). The request body is not valid JSON.",
    );
  });
});

describe("writeKeptJson", () => {
  const answer = (value: unknown, locale: "en" | "fr") =>
    JSON.parse(writeKeptJson(JSON.stringify(value), locale)) as unknown;

  it("writes every kept sentence of an answer in the reader's language, at any depth", () => {
    const dto = { error: keep(expired), steps: [{ message: keep(say("jobs.cancelled")) }] };
    expect(answer(dto, "fr")).toEqual({
      error: "La session de beta a expiré ou a été révoquée. Reconnectez le projet.",
      steps: [{ message: "Annulé." }],
    });
    expect(answer(dto, "en")).toEqual({
      error: "The session of beta has expired or was revoked. Reconnect the project.",
      steps: [{ message: "Cancelled." }],
    });
  });

  it("keeps values with quotes and backslashes intact through the answer", () => {
    const name = 'web "prod" \\ v2';
    expect(
      answer({ e: keep(say("images.noData", { image: name, status: "queued" })) }, "en"),
    ).toEqual({
      e: `${name} has no data yet (status queued): there is nothing to download.`,
    });
  });

  it("leaves text kept before sentences were as it was, and answers without a mark untouched", () => {
    const legacy = { error: "The copy stopped on an unexpected error (reference 0a1b2c3d)." };
    const json = JSON.stringify(legacy);
    expect(writeKeptJson(json, "fr")).toBe(json);
  });

  it("sends a marked text that is no sentence without its mark", () => {
    expect(answer({ e: "\u001enot json" }, "en")).toEqual({ e: "not json" });
  });
});
