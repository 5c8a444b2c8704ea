import { describe, expect, it } from "vitest";

import { contentSecurityPolicy, newNonce, withHsts } from "./security-headers";

describe("contentSecurityPolicy", () => {
  it("lets only scripts with this view's nonce run in production, and no one frame the page", () => {
    const csp = contentSecurityPolicy("abc", false);
    const directives = Object.fromEntries(
      csp.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1).join(" ")]),
    );
    expect(directives["script-src"]).toBe("'self' 'nonce-abc' 'strict-dynamic'");
    expect(directives["style-src"]).toBe("'self' 'nonce-abc'");
    expect(directives["frame-ancestors"]).toBe("'none'");
    expect(directives["object-src"]).toBe("'none'");
    expect(directives["base-uri"]).toBe("'none'");
    expect(directives["connect-src"]).toBe("'self'");
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
  });

  it("allows eval, inline styles and the reload socket in development only", () => {
    expect(contentSecurityPolicy("abc", true)).toMatch(/script-src [^;]*'unsafe-eval'/);
    expect(contentSecurityPolicy("abc", true)).toMatch(/connect-src 'self' ws:/);
  });
});

describe("newNonce", () => {
  it("is new each time and long enough not to be guessed", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(Buffer.from(n, "base64").length).toBe(18);
  });
});

describe("withHsts", () => {
  it("pins https only when the dashboard is served over https", () => {
    expect(
      withHsts(new Response(null), "https://share.example.com").headers.get(
        "strict-transport-security",
      ),
    ).toMatch(/max-age=\d{8}/);
    expect(
      withHsts(new Response(null), "http://127.0.0.1:3000").headers.has(
        "strict-transport-security",
      ),
    ).toBe(false);
    expect(withHsts(new Response(null), null).headers.has("strict-transport-security")).toBe(false);
  });
});
