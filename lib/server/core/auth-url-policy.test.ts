import { describe, expect, it } from "vitest";

import { isForbiddenAddress, unbracketed } from "@/lib/openstack/addresses";

import { checkCustomAuthUrl, endpointHostAllowed } from "./auth-url-policy";

describe("isForbiddenAddress", () => {
  it.each([
    "169.254.169.254",
    "169.254.0.1",
    "fe80::1",
    "FE80::abcd",
    "fd00:ec2::254",
    "100.100.100.200",
    "0.0.0.0",
    "::",
    "::ffff:169.254.169.254",
  ])("refuses %s", (ip) => expect(isForbiddenAddress(ip)).toBe(true));

  it.each(["127.0.0.1", "10.0.0.5", "51.68.1.2", "::1", "2001:db8::1"])("allows %s", (ip) => {
    expect(isForbiddenAddress(ip)).toBe(false);
  });

  it("says no of what is not an address (names are checked once resolved)", () => {
    for (const name of ["metadata.google.internal", "keystone.example.com", "", "[]"])
      expect(isForbiddenAddress(name), name).toBe(false);
  });
});

describe("checkCustomAuthUrl", () => {
  it("normalises an allowed URL", async () => {
    await expect(checkCustomAuthUrl("http://127.0.0.1:5000/")).resolves.toBe(
      "http://127.0.0.1:5000/v3",
    );
  });

  it.each([
    ["http://169.254.169.254/latest/meta-data", /link-local or metadata/],
    ["http://[fe80::1]:5000/v3", /link-local or metadata/],
    ["http://metadata.google.internal/", /link-local or metadata/],
    ["file:///etc/passwd", /https:\/\/ or http:\/\//],
    ["http://user:pw@keystone.example/v3", /must not contain credentials/],
    ["not a url", /not a valid URL/],
  ])("refuses %s", async (url, message) => {
    await expect(checkCustomAuthUrl(url)).rejects.toMatchObject({
      code: "cloud_not_allowed",
      message: expect.stringMatching(message),
    });
  });

  it("allows loopback names where custom URLs are enabled: only link-local and metadata are refused", async () => {
    await expect(checkCustomAuthUrl("http://localhost:5000")).resolves.toBe(
      "http://localhost:5000/v3",
    );
  });

  it("takes https and http only, and refuses a user name alone as it does a password", async () => {
    await expect(checkCustomAuthUrl("https://203.0.113.7/v3")).resolves.toBe(
      "https://203.0.113.7/v3",
    );
    await expect(checkCustomAuthUrl("ftp://203.0.113.7/v3")).rejects.toThrow(
      "The Keystone URL must start with https:// or http://.",
    );
    await expect(checkCustomAuthUrl("https://admin@203.0.113.7/v3")).rejects.toThrow(
      "The Keystone URL must not contain credentials.",
    );
  });

  describe("a host name", () => {
    const resolvingTo = (...addresses: string[]) => {
      const asked: string[] = [];
      const resolve = async (host: string) => {
        asked.push(host);
        return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
      };
      return { asked, resolve };
    };

    it("is resolved, and refused if any of its addresses is link-local or metadata", async () => {
      const harmless = resolvingTo("203.0.113.7", "2001:db8::7");
      await expect(
        checkCustomAuthUrl("https://keystone.example.com/v3", harmless.resolve),
      ).resolves.toBe("https://keystone.example.com/v3");
      expect(harmless.asked).toEqual(["keystone.example.com"]);
      await expect(
        checkCustomAuthUrl("https://rebind.example.com/v3", resolvingTo("169.254.169.254").resolve),
      ).rejects.toThrow(
        "The Keystone URL points at rebind.example.com, a link-local or metadata address, which is never allowed.",
      );
      await expect(
        checkCustomAuthUrl(
          "https://rebind.example.com/v3",
          resolvingTo("203.0.113.7", "::ffff:a9fe:a9fe").resolve,
        ),
      ).rejects.toThrow(/link-local or metadata/);
    });

    it("that does not resolve is refused, saying so", async () => {
      const failing = async () => {
        throw new Error("ENOTFOUND");
      };
      await expect(checkCustomAuthUrl("https://nowhere.example.com/v3", failing)).rejects.toThrow(
        "The Keystone host nowhere.example.com does not resolve.",
      );
    });

    it("is looked up, but an address is not", async () => {
      const never = resolvingTo("169.254.169.254");
      await expect(checkCustomAuthUrl("http://[2001:db8::5]:5000/v3", never.resolve)).resolves.toBe(
        "http://[2001:db8::5]:5000/v3",
      );
      expect(never.asked).toEqual([]);
    });
  });
});

describe("unbracketed", () => {
  it("takes the brackets off an IPv6 host only when they wrap it", () => {
    expect(unbracketed("[fe80::1]")).toBe("fe80::1");
    expect(unbracketed("fe80::1")).toBe("fe80::1");
    expect(unbracketed("[fe80::1")).toBe("[fe80::1");
    expect(unbracketed("fe80::1]")).toBe("fe80::1]");
  });
});

describe("isForbiddenAddress in every notation", () => {
  it("refuses the IPv4-mapped forms a URL parser produces, and lets ordinary addresses through", () => {
    expect(new URL("http://[::ffff:169.254.169.254]/").hostname).toBe("[::ffff:a9fe:a9fe]");
    for (const ip of ["::ffff:a9fe:a9fe", "[::ffff:a9fe:a9fe]", "::ffff:0.0.0.1", "0.1.2.3"])
      expect(isForbiddenAddress(ip), ip).toBe(true);
    for (const ip of ["127.0.0.1", "10.0.0.1", "2001:db8::1", "::ffff:10.0.0.1"])
      expect(isForbiddenAddress(ip), ip).toBe(false);
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

  it("takes a parent domain only of a name of three labels or more, never of an address", () => {
    expect(endpointHostAllowed("image.ovh.net", "https://auth.ovh.net/v3")).toBe(true);
    expect(endpointHostAllowed("evil.local", "http://keystone.local:5000/v3")).toBe(false);
    expect(endpointHostAllowed("192.10.0.5", "http://10.0.0.5:5000/v3")).toBe(false);
    expect(endpointHostAllowed("[2001:db8::5]", "http://[2001:db8::5]:5000/v3")).toBe(true);
  });

  it("refuses what a hostile catalog could name: other domains, look-alikes, loopback ports, metadata", () => {
    for (const host of [
      "evil.example",
      "cloud.ovh.net.evil.example",
      "xcloud.ovh.net",
      "ovh.net",
      "127.0.0.1",
      "169.254.169.254",
      "[::ffff:a9fe:a9fe]",
      "metadata.google.internal",
    ]) {
      expect(endpointHostAllowed(host, ovh), host).toBe(false);
    }
    // An IP Keystone has no parent domain: only itself.
    expect(endpointHostAllowed("127.0.0.2", "http://127.0.0.1:5000/v3")).toBe(false);
  });

  it("takes what the operator lists (a host, or a .domain), but never a metadata address", () => {
    expect(endpointHostAllowed("glance.dc2.example.com", ovh, [".example.com"])).toBe(true);
    expect(endpointHostAllowed("glance.example.org", ovh, ["glance.example.org"])).toBe(true);
    expect(endpointHostAllowed("169.254.169.254", ovh, ["169.254.169.254"])).toBe(false);
    // A host listed without a leading dot is that host only.
    expect(endpointHostAllowed("evilglance.example.org", ovh, ["glance.example.org"])).toBe(false);
    expect(endpointHostAllowed("GLANCE.Example.org", ovh, ["glance.example.org"])).toBe(true);
  });
});
