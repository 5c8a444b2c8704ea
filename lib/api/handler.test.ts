import { describe, expect, it } from "vitest";
import { isSameOrigin } from "./handler";

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
