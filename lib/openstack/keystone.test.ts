import { describe, expect, it } from "vitest";

import {
  computeEndpoints,
  imageEndpoints,
  normalizeAuthUrl,
  normalizeComputeEndpoint,
  normalizeImageEndpoint,
} from "./keystone";

describe("normalizeAuthUrl", () => {
  it.each([
    ["https://auth.cloud.ovh.net/v3", "https://auth.cloud.ovh.net/v3"],
    ["https://auth.cloud.ovh.net/v3/", "https://auth.cloud.ovh.net/v3"],
    ["http://127.0.0.1:5000", "http://127.0.0.1:5000/v3"],
    [" http://127.0.0.1:5000/ ", "http://127.0.0.1:5000/v3"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeAuthUrl(input)).toBe(expected);
  });
});

describe("normalizeImageEndpoint", () => {
  it.each([
    ["https://image.compute.gra11.cloud.ovh.net/", "https://image.compute.gra11.cloud.ovh.net"],
    ["http://127.0.0.1:9292/v2", "http://127.0.0.1:9292"],
    ["http://127.0.0.1:9292/v2.1/", "http://127.0.0.1:9292"],
    ["https://cloud.example/image", "https://cloud.example/image"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeImageEndpoint(input)).toBe(expected);
  });
});

describe("normalizeComputeEndpoint", () => {
  it.each([
    ["http://127.0.0.1:8774/v2.1", "http://127.0.0.1:8774/v2.1"],
    ["http://127.0.0.1:8774/v2.1/", "http://127.0.0.1:8774/v2.1"],
    ["http://127.0.0.1:8774/v2.1//", "http://127.0.0.1:8774/v2.1"],
    [" http://127.0.0.1:8774/v2 ", "http://127.0.0.1:8774/v2.1"],
    ["https://nova.example/v2.1/$(project_id)s", "https://nova.example/v2.1"],
    [
      "https://compute.gra11.cloud.ovh.net/v2.1/0123456789abcdef0123456789abcdef",
      "https://compute.gra11.cloud.ovh.net/v2.1",
    ],
    ["https://nova.example/v2/0123456789abcdef0123456789abcdef", "https://nova.example/v2.1"],
    ["https://nova.example/v2.1/%(tenant_id)s", "https://nova.example/v2.1"],
    ["https://nova.example/compute", "https://nova.example/compute/v2.1"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeComputeEndpoint(input)).toBe(expected);
  });
});

describe("imageEndpoints", () => {
  const catalog = [
    {
      type: "identity",
      endpoints: [{ interface: "public", region_id: "RegionOne", url: "http://keystone/v3" }],
    },
    {
      type: "image",
      endpoints: [
        { interface: "internal", region_id: "GRA11", url: "http://internal.gra11/" },
        {
          interface: "public",
          region_id: "GRA11",
          url: "https://image.compute.gra11.cloud.ovh.net/",
        },
        {
          interface: "public",
          region_id: "BHS5",
          url: "https://image.compute.bhs5.cloud.ovh.net/v2",
        },
        { interface: "public", region: "SBG5", url: "https://image.compute.sbg5.cloud.ovh.net" },
      ],
    },
  ];

  it("lists one normalised public image endpoint per region, sorted", () => {
    expect(imageEndpoints(catalog)).toEqual([
      { region: "BHS5", url: "https://image.compute.bhs5.cloud.ovh.net" },
      { region: "GRA11", url: "https://image.compute.gra11.cloud.ovh.net" },
      { region: "SBG5", url: "https://image.compute.sbg5.cloud.ovh.net" },
    ]);
  });

  it("honours another interface", () => {
    expect(imageEndpoints(catalog, "internal")).toEqual([
      { region: "GRA11", url: "http://internal.gra11" },
    ]);
  });

  it("is empty when the catalog has no image service", () => {
    expect(imageEndpoints([catalog[0]!])).toEqual([]);
  });
});

describe("computeEndpoints", () => {
  it("lists one public compute endpoint per region, and none where the catalog has no compute", () => {
    const catalog = [
      {
        type: "compute",
        endpoints: [
          { interface: "public", region_id: "RegionTwo", url: "http://nova-two/v2.1/" },
          { interface: "internal", region_id: "RegionOne", url: "http://nova-internal/v2.1" },
          { interface: "public", region_id: "RegionOne", url: "http://nova-one/v2.1" },
        ],
      },
      {
        type: "image",
        endpoints: [{ interface: "public", region_id: "RegionThree", url: "http://glance" }],
      },
    ];
    expect(computeEndpoints(catalog)).toEqual([
      { region: "RegionOne", url: "http://nova-one/v2.1" },
      { region: "RegionTwo", url: "http://nova-two/v2.1" },
    ]);
    expect(computeEndpoints([catalog[1]!])).toEqual([]);
  });
});
