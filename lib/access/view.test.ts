import { describe, expect, it } from "vitest";

import type { AccessRowDto } from "@/lib/schemas/access";

import {
  auditCsv,
  auditJson,
  defaultAuditFilters,
  filterRows,
  flagsOf,
  linkVersions,
  memberServersText,
  sortRows,
  totals,
} from "./view";

const now = Date.parse("2026-11-22T12:00:00Z");
const beta = "b".repeat(32);
const row = (over: Partial<AccessRowDto>): AccessRowDto => ({
  imageId: "img-1",
  imageName: "ubuntu",
  imageHidden: false,
  predecessorId: null,
  region: "RegionOne",
  ownerId: "a".repeat(32),
  ownerName: "alpha",
  connectionId: "c1",
  memberId: beta,
  memberName: "beta",
  status: "accepted",
  createdAt: "2026-11-20T00:00:00Z",
  updatedAt: "2026-11-21T00:00:00Z",
  memberServers: null,
  ...over,
});

describe("flagsOf", () => {
  it("flags a member whose servers run on the image, and says 'cannot tell' where it is not connected", () => {
    expect(flagsOf(row({ memberServers: ["edge-fw"] }), 30, now)).toEqual(["servers_depend"]);
    expect(flagsOf(row({ memberServers: [] }), 30, now)).toEqual([]);
    expect(memberServersText(row({ memberServers: ["a", "b"] }))).toBe("a, b");
    expect(memberServersText(row({ memberServers: [] }))).toBe("none");
    expect(memberServersText(row({ memberServers: null }))).toBe("cannot tell");
    expect(memberServersText(row({ memberId: null, memberServers: null }))).toBe("");
  });

  it("flags invitations pending longer than the chosen days", () => {
    expect(flagsOf(row({ status: "pending", createdAt: "2026-10-01T00:00:00Z" }), 30, now)).toEqual(
      ["stale_pending"],
    );
    expect(flagsOf(row({ status: "pending", createdAt: "2026-11-01T00:00:00Z" }), 30, now)).toEqual(
      [],
    );
    expect(flagsOf(row({ status: "pending", createdAt: "2026-11-01T00:00:00Z" }), 7, now)).toEqual([
      "stale_pending",
    ]);
    expect(
      flagsOf(row({ status: "accepted", createdAt: "2026-01-01T00:00:00Z" }), 30, now),
    ).toEqual([]);
  });

  it("flags shared images without members, ids that cannot be projects, and projects not connected", () => {
    expect(flagsOf(row({ memberId: null, memberName: null, status: null }), 30, now)).toEqual([
      "no_members",
    ]);
    expect(flagsOf(row({ memberId: "beta-typo", memberName: null }), 30, now)).toEqual([
      "not_a_project_id",
    ]);
    expect(flagsOf(row({ memberName: null }), 30, now)).toEqual(["not_connected"]);
  });
});

describe("version chains", () => {
  const gamma = "c".repeat(32);
  const v1 = (over: Partial<AccessRowDto>) =>
    row({ imageId: "v1", imageName: "golden-1", ...over });
  const v2 = (over: Partial<AccessRowDto>) =>
    row({ imageId: "v2", imageName: "golden-2", predecessorId: "v1", ...over });

  it("flags a member that uses the old version and has not accepted the new one, and hidden images", () => {
    const linked = linkVersions([
      v1({ imageHidden: true }),
      v1({ memberId: gamma, memberName: "gamma" }),
      v2({ status: "accepted" }),
      v2({ memberId: gamma, memberName: "gamma", status: "pending" }),
    ]);
    expect(
      linked.map((r) => [
        r.imageId,
        r.memberName,
        r.newerVersion?.imageId ?? null,
        r.newerVersion?.memberStatus ?? null,
      ]),
    ).toEqual([
      ["v1", "beta", "v2", "accepted"],
      ["v1", "gamma", "v2", "pending"],
      ["v2", "beta", null, null],
      ["v2", "gamma", null, null],
    ]);
    expect(linked.map((r) => flagsOf(r, 30, now))).toEqual([
      ["hidden"],
      ["old_version_only"],
      [],
      [],
    ]);
  });

  it("links only within one owner and region: the same id elsewhere is another image", () => {
    const linked = linkVersions([
      v1({}),
      v2({ region: "RegionTwo" }),
      v2({ ownerId: "d".repeat(32) }),
    ]);
    expect(linked[0]!.newerVersion).toBeUndefined();
  });
});

describe("filters and totals", () => {
  const rows = [
    row({}),
    row({
      imageId: "img-2",
      imageName: "debian",
      region: "RegionTwo",
      status: "pending",
      createdAt: "2026-09-01T00:00:00Z",
    }),
    row({
      imageId: "img-3",
      imageName: "empty",
      memberId: null,
      memberName: null,
      status: null,
      createdAt: null,
      updatedAt: null,
    }),
  ];

  it("filters by project (owner or member), region, status, name and flag", () => {
    const f = defaultAuditFilters;
    expect(filterRows(rows, { ...f, region: "RegionTwo" }, now).map((r) => r.imageId)).toEqual([
      "img-2",
    ]);
    expect(filterRows(rows, { ...f, status: "none" }, now).map((r) => r.imageId)).toEqual([
      "img-3",
    ]);
    expect(filterRows(rows, { ...f, q: "DEB" }, now).map((r) => r.imageId)).toEqual(["img-2"]);
    expect(filterRows(rows, { ...f, project: beta }, now)).toHaveLength(2);
    expect(filterRows(rows, { ...f, flag: "stale_pending" }, now).map((r) => r.imageId)).toEqual([
      "img-2",
    ]);
  });

  it("counts each status, and images without members", () => {
    expect(totals(rows)).toEqual({ accepted: 1, pending: 1, rejected: 0, none: 1 });
  });

  it("sorts by owner, image, region, member", () => {
    expect(sortRows(rows).map((r) => r.imageName)).toEqual(["debian", "empty", "ubuntu"]);
  });
});

describe("exports", () => {
  it("writes CSV with the on-screen columns, quoting and defusing spreadsheet formulas", () => {
    const csv = auditCsv(
      [row({ imageName: 'say "hi", =1+1' }), row({ imageName: "=HYPERLINK(1)" })],
      30,
      ",",
      now,
    );
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      '"Image","Image ID","New version of","Newer version","Region","Owner","Owner ID","Member","Member ID","Status","Member\'s servers","Created","Updated","Flags"',
    );
    expect(lines[1]).toMatch(/^"say ""hi"", =1\+1","img-1","","","RegionOne","alpha",/);
    expect(lines[2]).toMatch(/^"'=HYPERLINK\(1\)",/);
  });

  it("writes JSON keyed by the same headers", () => {
    const [first, second] = JSON.parse(
      auditJson(
        linkVersions([
          row({ memberId: null, memberName: null, status: null }),
          row({ imageId: "img-2", predecessorId: "img-1" }),
        ]),
        30,
        now,
      ),
    );
    expect(first).toMatchObject({
      Image: "ubuntu",
      Member: "",
      Status: "no members",
      Flags: "shared, no members",
      "Newer version": "img-2",
    });
    expect(second).toMatchObject({
      "Image ID": "img-2",
      "New version of": "img-1",
      "Newer version": "",
    });
    expect(Object.keys(first)).toHaveLength(14);
  });
});
