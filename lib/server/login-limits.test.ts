import { describe, expect, it } from "vitest";

import { AppError } from "@/lib/errors";
import { say } from "@/lib/i18n/sentence";

import { LoginLimits, SlidingWindow, TooManyLogins } from "./login-limits";

const refused = () =>
  Promise.reject(new AppError("invalid_credentials", say("keystone.refused.password")));

describe("SlidingWindow", () => {
  it("lets `limit` events through per window, then says when the oldest leaves", () => {
    let now = 0;
    const w = new SlidingWindow(2, 10_000, () => now);
    w.record("k");
    now = 4_000;
    w.record("k");
    expect(w.retryAfter("k")).toBe(6);
    expect(w.retryAfter("other")).toBe(0);
    now = 10_001;
    expect(w.retryAfter("k")).toBe(0);
  });
});

describe("LoginLimits", () => {
  const who = (username: string, client: string | null = null) => ({
    cloud: "https://auth.cloud.ovh.net/v3",
    username,
    client,
  });

  it("refuses a user name after 5 refused passwords, before Keystone is asked, with when to retry", async () => {
    const limits = new LoginLimits();
    for (let i = 0; i < 5; i++)
      await expect(limits.attempt(who("Default/victim"), refused)).rejects.toMatchObject({
        code: "invalid_credentials",
      });
    let asked = false;
    const sixth = limits.attempt(who("Default/VICTIM"), async () => (asked = true));
    await expect(sixth).rejects.toBeInstanceOf(TooManyLogins);
    await expect(sixth).rejects.toMatchObject({
      code: "rate_limited",
      retryAfterSeconds: expect.any(Number),
    });
    expect(asked).toBe(false);
    // Another user is not held back by it.
    await expect(limits.attempt(who("Default/alice"), async () => "token")).resolves.toBe("token");
  });

  it("does not count successful logins or other failures against a user", async () => {
    const limits = new LoginLimits();
    for (let i = 0; i < 10; i++) await limits.attempt(who("Default/alice"), async () => "token");
    for (let i = 0; i < 10; i++) {
      await expect(
        limits.attempt(who("Default/alice"), () =>
          Promise.reject(
            new AppError("timeout", say("upstream.timeout", { service: "Keystone", seconds: 15 })),
          ),
        ),
      ).rejects.toMatchObject({ code: "timeout" });
    }
    await expect(limits.attempt(who("Default/alice"), async () => "token")).resolves.toBe("token");
  });

  it("limits every user name together, so spraying many names is bounded too", async () => {
    const limits = new LoginLimits(new SlidingWindow(5, 60_000), new SlidingWindow(3, 60_000));
    for (const name of ["a", "b", "c"])
      await expect(limits.attempt(who(name), refused)).rejects.toMatchObject({
        code: "invalid_credentials",
      });
    await expect(limits.attempt(who("d"), refused)).rejects.toMatchObject({ code: "rate_limited" });
  });

  it("limits attempts per client address when a trusted proxy names it", async () => {
    const limits = new LoginLimits(undefined, undefined, new SlidingWindow(2, 60_000));
    await limits.attempt(who("a", "203.0.113.9"), async () => "ok");
    await limits.attempt(who("b", "203.0.113.9"), async () => "ok");
    await expect(limits.attempt(who("c", "203.0.113.9"), async () => "ok")).rejects.toMatchObject({
      code: "rate_limited",
    });
    await expect(limits.attempt(who("c", "198.51.100.7"), async () => "ok")).resolves.toBe("ok");
  });
});
