import { describe, expect, it } from "vitest";
import { checkCustomAuthUrl, isForbiddenAddress } from "./auth-url-policy";

describe("isForbiddenAddress", () => {
  it.each(["169.254.169.254", "169.254.0.1", "fe80::1", "FE80::abcd", "fd00:ec2::254", "100.100.100.200", "0.0.0.0", "::", "::ffff:169.254.169.254"])(
    "refuses %s",
    (ip) => expect(isForbiddenAddress(ip)).toBe(true),
  );

  it.each(["127.0.0.1", "10.0.0.5", "51.68.1.2", "::1", "2001:db8::1"])("allows %s", (ip) => {
    expect(isForbiddenAddress(ip)).toBe(false);
  });
});

describe("checkCustomAuthUrl", () => {
  it("normalises an allowed URL", async () => {
    await expect(checkCustomAuthUrl("http://127.0.0.1:5000/")).resolves.toBe("http://127.0.0.1:5000/v3");
  });

  it.each([
    ["http://169.254.169.254/latest/meta-data", /link-local or metadata/],
    ["http://[fe80::1]:5000/v3", /link-local or metadata/],
    ["http://metadata.google.internal/", /link-local or metadata/],
    ["file:///etc/passwd", /https:\/\/ or http:\/\//],
    ["http://user:pw@keystone.example/v3", /must not contain credentials/],
    ["not a url", /not a valid URL/],
  ])("refuses %s", async (url, message) => {
    await expect(checkCustomAuthUrl(url)).rejects.toMatchObject({ code: "cloud_not_allowed", message: expect.stringMatching(message) });
  });

  it("allows loopback names where custom URLs are enabled: only link-local and metadata are refused", async () => {
    await expect(checkCustomAuthUrl("http://localhost:5000")).resolves.toBe("http://localhost:5000/v3");
  });
});
