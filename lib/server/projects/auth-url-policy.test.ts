import { describe, expect, it } from "vitest";
import { isForbiddenAddress } from "@/lib/openstack/addresses";
import { checkCustomAuthUrl, endpointHostAllowed } from "./auth-url-policy";

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

describe("isForbiddenAddress in every notation", () => {
  it("refuses the IPv4-mapped forms a URL parser produces, and lets ordinary addresses through", () => {
    expect(new URL("http://[::ffff:169.254.169.254]/").hostname).toBe("[::ffff:a9fe:a9fe]");
    for (const ip of ["::ffff:a9fe:a9fe", "[::ffff:a9fe:a9fe]", "::ffff:0.0.0.1", "0.1.2.3"]) expect(isForbiddenAddress(ip), ip).toBe(true);
    for (const ip of ["127.0.0.1", "10.0.0.1", "2001:db8::1", "::ffff:10.0.0.1"]) expect(isForbiddenAddress(ip), ip).toBe(false);
  });
});

describe("endpointHostAllowed", () => {
  const ovh = "https://auth.cloud.ovh.net/v3";

  it("takes the Keystone's host, its parent domain and that domain's subdomains", () => {
    expect(endpointHostAllowed("image.compute.gra11.cloud.ovh.net", ovh)).toBe(true);
    expect(endpointHostAllowed("auth.cloud.ovh.net", ovh)).toBe(true);
    expect(endpointHostAllowed("cloud.ovh.net", ovh)).toBe(true);
    expect(endpointHostAllowed("127.0.0.1", "http://127.0.0.1:5000/v3")).toBe(true);
  });

  it("refuses what a hostile catalog could name: other domains, look-alikes, loopback ports, metadata", () => {
    for (const host of ["evil.example", "cloud.ovh.net.evil.example", "xcloud.ovh.net", "ovh.net", "127.0.0.1", "169.254.169.254", "[::ffff:a9fe:a9fe]", "metadata.google.internal"]) {
      expect(endpointHostAllowed(host, ovh), host).toBe(false);
    }
    // An IP Keystone has no parent domain: only itself.
    expect(endpointHostAllowed("127.0.0.2", "http://127.0.0.1:5000/v3")).toBe(false);
  });

  it("takes what the operator lists (a host, or a .domain), but never a metadata address", () => {
    expect(endpointHostAllowed("glance.dc2.example.com", ovh, [".example.com"])).toBe(true);
    expect(endpointHostAllowed("glance.example.org", ovh, ["glance.example.org"])).toBe(true);
    expect(endpointHostAllowed("169.254.169.254", ovh, ["169.254.169.254"])).toBe(false);
  });
});
