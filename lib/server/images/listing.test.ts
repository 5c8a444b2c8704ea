import { describe, expect, it } from "vitest";

import type { Image } from "@/lib/openstack/glance";

import { compareImages, decodeCursor, encodeCursor, tabListing } from "./listing";

const me = "a".repeat(32);
const other = "b".repeat(32);
const image = (over: Partial<Image>): Image =>
  ({
    id: "id",
    name: "img",
    owner: other,
    size: 1,
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
    ...over,
  }) as Image;

describe("tabListing", () => {
  it("asks Glance for every visibility of the project's own images in Owned", () => {
    const { filters, keep } = tabListing({ tab: "owned", sort: "name:asc" }, me);
    expect(filters).toMatchObject({ owner: me, visibility: "all", sort: "name:asc" });
    expect(keep).toBeUndefined();
    expect(
      tabListing({ tab: "owned", sort: "name:asc", visibility: "private" }, me).filters.visibility,
    ).toBe("private");
  });

  it("drops the project's own images from invitations, which Glance mixes in", () => {
    const { filters, keep } = tabListing({ tab: "invitations", sort: "name:asc" }, me);
    expect(filters).toMatchObject({ visibility: "shared", memberStatus: "pending" });
    expect(keep!(image({ owner: me }))).toBe(false);
    expect(keep!(image({ owner: other }))).toBe(true);
    expect(tabListing({ tab: "shared", sort: "name:asc" }, me).filters.memberStatus).toBe(
      "accepted",
    );
    expect(tabListing({ tab: "rejected", sort: "name:asc" }, me).filters.memberStatus).toBe(
      "rejected",
    );
  });

  it("lists public images, or community ones when asked", () => {
    expect(tabListing({ tab: "public", sort: "name:asc" }, me).filters.visibility).toBe("public");
    expect(
      tabListing({ tab: "public", sort: "name:asc", visibility: "community" }, me).filters
        .visibility,
    ).toBe("community");
  });

  it("searches part of a name, ignoring case, or an exact id", () => {
    const { keep } = tabListing({ tab: "owned", sort: "name:asc", q: "Ubuntu" }, me);
    expect(keep!(image({ name: "ubuntu-22.04-snapshot" }))).toBe(true);
    expect(keep!(image({ name: "debian-12" }))).toBe(false);
    expect(keep!(image({ name: null }))).toBe(false);
    const byId = tabListing({ tab: "owned", sort: "name:asc", q: "1234" }, me).keep!;
    expect(byId(image({ id: "1234", name: "x" }))).toBe(true);
  });
});

describe("compareImages", () => {
  it("orders by name, size and dates in either direction, nameless and sizeless first", () => {
    const rows = [
      image({ name: "b", size: 3 }),
      image({ name: null, size: null }),
      image({ name: "a", size: 10 }),
    ];
    expect([...rows].sort(compareImages("name:asc")).map((i) => i.name)).toEqual([null, "a", "b"]);
    expect([...rows].sort(compareImages("size:desc")).map((i) => i.size)).toEqual([10, 3, null]);
    const dated = [
      image({ createdAt: "2026-01-02T00:00:00Z" }),
      image({ createdAt: "2026-03-01T00:00:00Z" }),
    ];
    expect(dated.sort(compareImages("created_at:desc"))[0]!.createdAt).toBe("2026-03-01T00:00:00Z");
  });
});

describe("list cursors", () => {
  it("round-trips and ends as null", () => {
    const cursor = { "c1|RegionOne": "/v2/images?marker=x&limit=100" };
    expect(decodeCursor(encodeCursor(cursor)!)).toEqual(cursor);
    expect(encodeCursor({})).toBeNull();
  });

  it("refuses a cursor that would send the server anywhere but Glance's image list", () => {
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    expect(decodeCursor(forged({ k: "//evil.example/v2/images?" }))).toBeNull();
    expect(decodeCursor(forged({ k: "http://169.254.169.254/" }))).toBeNull();
    expect(decodeCursor(forged({ k: 3 }))).toBeNull();
    expect(decodeCursor(forged(["/v2/images?"]))).toBeNull();
    expect(decodeCursor("not base64 json")).toBeNull();
    expect(decodeCursor(forged({}))).toBeNull();
    expect(decodeCursor(forged(null))).toBeNull();
    expect(decodeCursor(forged("/v2/images?"))).toBeNull();
    // One valid link does not carry a foreign one through.
    expect(
      decodeCursor(forged({ a: "/v2/images?marker=x", b: "//evil.example/v2/images?" })),
    ).toBeNull();
    expect(
      decodeCursor(forged({ a: "v2/images?limit=100", b: "https://evil.example/v2/images?" })),
    ).toBeNull();
  });

  it("takes a late source's first-page link, relative to its endpoint", () => {
    const cursor = { late: "v2/images?limit=100&sort=name%3Aasc" };
    expect(decodeCursor(encodeCursor(cursor)!)).toEqual(cursor);
  });
});
