import { describe, expect, it } from "vitest";

import {
  cliCommands,
  fitMemberQuota,
  invitationLink,
  membershipKey,
  parseProjectIds,
  planShare,
  type PlanImage,
} from "./plan";

const owner = "0".repeat(32);
const beta = "b".repeat(32);
const gamma = "c".repeat(32);

describe("parseProjectIds", () => {
  it("takes ids separated by commas, spaces or lines, lower-cased and once each", () => {
    expect(parseProjectIds(`${beta}, ${gamma.toUpperCase()}\n${beta}`, owner)).toEqual({
      ids: [beta, gamma],
      problems: [],
    });
  });

  it("accepts a UUID written with dashes, as some tools print ids", () => {
    const dashed = "12345678-1234-1234-1234-123456789abc";
    expect(parseProjectIds(dashed, owner).ids).toEqual(["12345678123412341234123456789abc"]);
  });

  it("refuses nonsense and the owner's own project with a reason", () => {
    const { ids, problems } = parseProjectIds(`beta not-a-project ${owner} ${beta}x`, owner);
    expect(ids).toEqual([]);
    expect(problems).toEqual([
      "“beta” is not a project id: a Keystone project id is 32 hexadecimal characters.",
      "“not-a-project” is not a project id: a Keystone project id is 32 hexadecimal characters.",
      `“${owner}” is the owner's own project: it has the image already.`,
      `“${beta}x” is not a project id: a Keystone project id is 32 hexadecimal characters.`,
    ]);
  });

  it("is empty for blank input", () => {
    expect(parseProjectIds("  \n ", owner)).toEqual({ ids: [], problems: [] });
  });
});

const img = (id: string, visibility: PlanImage["visibility"], region = "RegionOne"): PlanImage => ({
  id,
  name: id,
  region,
  visibility,
});

describe("planShare", () => {
  it("makes private images shared first, skips public and community ones, pairs the rest", () => {
    const plan = planShare(
      [
        img("p", "private"),
        img("s", "shared", "RegionTwo"),
        img("pub", "public"),
        img("com", "community"),
      ],
      [
        { id: beta, name: "beta" },
        { id: gamma, name: null },
      ],
    );
    expect(plan.makeShared.map((i) => i.id)).toEqual(["p"]);
    expect(plan.skipped.map((i) => i.id)).toEqual(["pub", "com"]);
    expect(plan.pairs.map((p) => `${p.image.id}>${p.member.id[0]}`)).toEqual([
      "p>b",
      "p>c",
      "s>b",
      "s>c",
    ]);
  });

  it("invites only as many new projects as each image's member quota leaves room for, and says so", () => {
    const delta = "d".repeat(32);
    const full = img("full", "shared");
    const roomy = img("roomy", "shared");
    const plan = planShare(
      [full, roomy],
      [
        { id: beta, name: "beta" },
        { id: gamma, name: "gamma" },
        { id: delta, name: "delta" },
      ],
      new Map([
        // Three places, two taken, one of them by beta: beta stays (already a member) and one new project fits.
        [membershipKey(full), { memberIds: [beta, "e".repeat(32)], quota: 3 }],
        [membershipKey(roomy), { memberIds: [], quota: 128 }],
      ]),
    );
    expect(plan.pairs.map((p) => `${p.image.id}>${p.member.name}`)).toEqual([
      "full>beta",
      "full>gamma",
      "roomy>beta",
      "roomy>gamma",
      "roomy>delta",
    ]);
    expect(plan.overQuota.map((p) => `${p.image.id}>${p.member.name}`)).toEqual(["full>delta"]);
    expect(plan.quotaNotes).toEqual([{ image: full, quota: 3, current: 2, fit: 1, wanted: 2 }]);
  });

  it("counts no limit when the cloud has none, and nothing it cannot see", () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ id: i.toString(16).padStart(32, "0") }));
    expect(fitMemberQuota(many, { memberIds: [], quota: null }).send).toHaveLength(200);
    // A private image's members are hidden: the quota still bounds the new ones.
    expect(fitMemberQuota(many, { memberIds: null, quota: 128 })).toMatchObject({
      fit: 128,
      current: 0,
    });
    expect(
      fitMemberQuota(many, { memberIds: many.slice(0, 130).map((m) => m.id), quota: 128 }),
    ).toMatchObject({ fit: 0, current: 130 });
  });

  it("prints the guide's commands per region, the consumer's naming who runs them", () => {
    const plan = planShare(
      [img("p", "private"), img("s", "shared", "RegionTwo")],
      [{ id: beta, name: "beta" }],
    );
    expect(cliCommands(plan)).toEqual({
      owner: [
        "openstack --os-region-name RegionOne image set --shared p",
        `openstack --os-region-name RegionOne image add project p ${beta}`,
        `openstack --os-region-name RegionTwo image add project s ${beta}`,
        "openstack --os-region-name RegionOne image member list p",
        "openstack --os-region-name RegionTwo image member list s",
      ],
      consumer: [
        "openstack --os-region-name RegionOne image set --accept p   # as beta",
        "openstack --os-region-name RegionTwo image set --accept s   # as beta",
      ],
    });
  });
});

describe("invitationLink", () => {
  it("opens the consumer's invitations on that image and region", () => {
    const link = new URL(
      invitationLink("http://127.0.0.1:3000", img("abc", "shared", "RegionTwo"), beta),
    );
    expect(link.pathname).toBe("/invitations");
    expect(Object.fromEntries(link.searchParams)).toEqual({
      image: "abc",
      region: "RegionTwo",
      project: beta,
    });
  });
});
