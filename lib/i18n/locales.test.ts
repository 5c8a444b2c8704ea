import { describe, expect, it } from "vitest";

import { negotiateLocale, requestLocale } from "./locales";

describe("negotiateLocale", () => {
  it("takes the browser's most wanted language among ours", () => {
    expect(negotiateLocale("fr-CA,fr;q=0.9,en;q=0.8")).toBe("fr");
    expect(negotiateLocale("en-GB,en;q=0.9,fr;q=0.8")).toBe("en");
    expect(negotiateLocale("de-DE,de;q=0.9,fr;q=0.7,en;q=0.5")).toBe("fr");
    expect(negotiateLocale("en;q=0.4, FR;q=0.6")).toBe("fr");
  });

  it("falls back to English for none of ours, nothing, a refused language or nonsense", () => {
    expect(negotiateLocale("de,it;q=0.5")).toBe("en");
    expect(negotiateLocale(null)).toBe("en");
    expect(negotiateLocale("")).toBe("en");
    expect(negotiateLocale("fr;q=0, de")).toBe("en");
    expect(negotiateLocale("fr;q=abc")).toBe("en");
  });
});

describe("requestLocale", () => {
  it("prefers the switcher's cookie to the browser's languages, and ignores a cookie it does not know", () => {
    expect(requestLocale("en", "fr-FR")).toBe("en");
    expect(requestLocale("fr", "en-US")).toBe("fr");
    expect(requestLocale("xx", "fr-FR")).toBe("fr");
    expect(requestLocale(undefined, "en-US")).toBe("en");
  });
});
