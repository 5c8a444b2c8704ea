import { describe, expect, it, vi } from "vitest";

import { endpointsFor, parseCloudsYaml } from "./clouds";

describe("parseCloudsYaml", () => {
  it("keeps names, auth URL, domains, regions and interface, and never a secret", () => {
    const clouds = parseCloudsYaml(`clouds:
  prod:
    auth:
      auth_url: https://keystone.example.com:5000/
      username: admin
      password: hunter2
      user_domain_name: Corp
      project_domain_id: corp-id
    regions: [RegionA, {name: RegionB}]
    interface: internal
  ovh-gra:
    profile: ovh
    auth:
      application_credential_id: x
      application_credential_secret: y
    region_name: GRA11
  broken:
    region_name: nowhere
`);
    expect(clouds).toEqual([
      {
        name: "prod",
        label: "prod",
        authUrl: "https://keystone.example.com:5000/v3",
        userDomain: "Corp",
        projectDomain: "corp-id",
        regions: ["RegionA", "RegionB"],
        interface: "internal",
        allowedHosts: [],
        memberQuota: 128,
      },
      {
        name: "ovh-gra",
        label: "ovh-gra",
        authUrl: "https://auth.cloud.ovh.net/v3",
        userDomain: "Default",
        projectDomain: "Default",
        regions: ["GRA11"],
        interface: "public",
        allowedHosts: [],
        memberQuota: 128,
      },
    ]);
    expect(JSON.stringify(clouds)).not.toMatch(/hunter2|admin"|"y"/);
  });

  it("reads the cloud's member quota, a negative one as no limit", () => {
    const clouds = parseCloudsYaml(
      "clouds:\n  small:\n    auth: {auth_url: https://k.example/v3}\n    image_member_quota: 3\n" +
        "  open:\n    auth: {auth_url: https://k.example/v3}\n    image_member_quota: -1\n",
    );
    expect(clouds.map((c) => [c.name, c.memberQuota])).toEqual([
      ["small", 3],
      ["open", null],
    ]);
    expect(() => parseCloudsYaml("clouds:\n  a:\n    image_member_quota: lots\n")).toThrow(
      /clouds\.a\.image_member_quota/,
    );
  });

  it("says where a malformed file is wrong", () => {
    expect(() => parseCloudsYaml("clouds:\n  a:\n    interface: sideways\n")).toThrow(
      /clouds\.yaml: clouds\.a\.interface/,
    );
  });
});

describe("endpointsFor", () => {
  it("keeps a catalog's endpoints on the cloud's hosts and in its regions, and drops the rest", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const [cloud] = parseCloudsYaml(
      "clouds:\n  ovh:\n    auth: {auth_url: https://auth.cloud.ovh.net/v3}\n    regions: [GRA11, SBG5]\n    allowed_hosts: [glance.partner.example]\n",
    );
    const kept = endpointsFor(cloud!, [
      { region: "GRA11", url: "https://image.compute.gra11.cloud.ovh.net" },
      { region: "SBG5", url: "http://169.254.169.254" },
      { region: "GRA11", url: "http://127.0.0.1:6379" },
      { region: "BHS5", url: "https://image.compute.bhs5.cloud.ovh.net" },
      { region: "SBG5", url: "https://glance.partner.example" },
    ]);
    expect(kept.map((e) => e.url)).toEqual([
      "https://image.compute.gra11.cloud.ovh.net",
      "https://glance.partner.example",
    ]);
    // The operator is told which endpoints were ignored for their host (not for their region).
    expect(warn.mock.calls.map((c) => c[0])).toEqual([
      "[glance-share] ovh: image endpoint 169.254.169.254 (SBG5) is not on the cloud's hosts; ignored",
      "[glance-share] ovh: image endpoint 127.0.0.1:6379 (GRA11) is not on the cloud's hosts; ignored",
    ]);
    warn.mockRestore();
  });
});
