import { describe, expect, it } from "vitest";

import {
  nameStem,
  planRollout,
  rolloutCommands,
  successorCandidates,
  type RolloutImage,
  type RolloutMember,
} from "./plan";

const image = (
  id: string,
  name: string,
  createdAt: string,
  extra: Partial<RolloutImage> = {},
): RolloutImage => ({
  id,
  name,
  region: "RegionOne",
  visibility: "shared",
  hidden: false,
  createdAt,
  predecessorId: null,
  ...extra,
});
const member = (
  id: string,
  status: RolloutMember["status"],
  createdAt = "2026-11-01T00:00:00Z",
): RolloutMember => ({ id, name: `project-${id}`, status, createdAt });
const options = { includePending: false, hideOld: false, removeOldMembers: false };

describe("nameStem", () => {
  it("drops the version a person appended: dates, numbers, v1.2.3, latest", () => {
    expect(nameStem("nginx-proxy-2024.06")).toBe("nginx-proxy");
    expect(nameStem("nginx-proxy-2024.09")).toBe("nginx-proxy");
    expect(nameStem("golden_v1.2.3")).toBe("golden");
    expect(nameStem("Golden 20261123 latest")).toBe("golden");
    expect(nameStem("ubuntu-22.04-snapshot-2026-11-23")).toBe("ubuntu-22.04-snapshot");
  });

  it("keeps a version inside the name: it is part of what the image is", () => {
    expect(nameStem("ubuntu-22.04-snapshot")).toBe("ubuntu-22.04-snapshot");
    expect(nameStem("pfsense-2.7.2-backup")).toBe("pfsense-2.7.2-backup");
    expect(nameStem(null)).toBe("");
  });
});

describe("successorCandidates", () => {
  const old = image("old", "nginx-proxy-2024.06", "2024-06-01T00:00:00Z");

  it("offers newer images of the same region, those of the same stem first, newest first", () => {
    const candidates = successorCandidates(old, [
      old,
      image("other", "debian-12", "2024-10-01T00:00:00Z"),
      image("sep", "nginx-proxy-2024.09", "2024-09-01T00:00:00Z"),
      image("nov", "nginx-proxy-2024.11", "2024-11-01T00:00:00Z"),
      image("older", "nginx-proxy-2024.01", "2024-01-01T00:00:00Z"),
      // Made in the same second as the old one: Glance's times stop at the second.
      image("same-second", "nginx-proxy-2024.06.1", "2024-06-01T00:00:00Z"),
      image("elsewhere", "nginx-proxy-2024.12", "2024-12-01T00:00:00Z", { region: "RegionTwo" }),
      image("public", "nginx-proxy-2024.10", "2024-10-01T00:00:00Z", { visibility: "public" }),
    ]);
    expect(candidates.map((c) => [c.image.id, c.suggested])).toEqual([
      ["nov", true],
      ["sep", true],
      ["same-second", true],
      ["other", false],
    ]);
  });
});

describe("planRollout", () => {
  const old = image("old", "golden-1", "2026-01-01T00:00:00Z");
  const next = image("next", "golden-2", "2026-02-01T00:00:00Z", { visibility: "private" });

  it("makes the new version shared, records its predecessor and invites the accepted members only", () => {
    const plan = planRollout(
      old,
      next,
      [member("a", "accepted"), member("p", "pending"), member("r", "rejected")],
      [],
      options,
    );
    expect(plan.makeShared).toBe(true);
    expect(plan.setPredecessor).toBe(true);
    expect(plan.members.map((m) => [m.member.id, m.action])).toEqual([
      ["a", "invite"],
      ["p", "skip"],
      ["r", "skip"],
    ]);
    expect(plan.done).toBe(false);
  });

  it("invites pending members when asked, never those who rejected the old image", () => {
    const plan = planRollout(old, next, [member("p", "pending"), member("r", "rejected")], [], {
      ...options,
      includePending: true,
    });
    expect(plan.members.map((m) => [m.member.id, m.action])).toEqual([
      ["p", "invite"],
      ["r", "skip"],
    ]);
  });

  it("plans nothing the second time: members already on the new version, predecessor set, old hidden", () => {
    const after = { ...next, visibility: "shared" as const, predecessorId: "old" };
    const plan = planRollout(
      { ...old, hidden: true },
      after,
      [member("a", "accepted"), member("r", "rejected")],
      [member("a", "pending")],
      {
        ...options,
        hideOld: true,
      },
    );
    expect(plan.members.map((m) => [m.member.id, m.action, m.onNew])).toEqual([
      ["a", "already", "pending"],
      ["r", "skip", null],
    ]);
    expect([plan.makeShared, plan.setPredecessor, plan.hideOld, plan.done]).toEqual([
      false,
      false,
      false,
      true,
    ]);
  });

  it("removes from the old image only those it moves to the new one", () => {
    const plan = planRollout(old, next, [member("a", "accepted"), member("r", "rejected")], [], {
      ...options,
      removeOldMembers: true,
    });
    expect(plan.members.map((m) => [m.member.id, m.removeFromOld])).toEqual([
      ["a", true],
      ["r", false],
    ]);
  });

  it("invites only as many as the new version's member quota has room for; the rest keep the old one", () => {
    const plan = planRollout(
      old,
      next,
      [
        member("a", "accepted"),
        member("b", "accepted"),
        member("c", "accepted"),
        member("r", "rejected"),
      ],
      [member("x", "pending")],
      { ...options, removeOldMembers: true },
      3,
    );
    expect(plan.members.map((m) => [m.member.id, m.action, m.removeFromOld])).toEqual([
      ["a", "invite", true],
      ["b", "invite", true],
      ["c", "over_quota", false],
      ["r", "skip", false],
    ]);
    expect(plan.quota).toEqual({ quota: 3, current: 1, fit: 2, wanted: 3 });
    expect(rolloutCommands(plan).filter((c) => c.includes("add project"))).toHaveLength(2);
    expect(planRollout(old, next, [member("a", "accepted")], [], options, 3).quota).toBeNull();
  });

  it("when the quota is short, invites the members of the old version invited longest ago first, then by id, whatever order Glance lists them in", () => {
    const members = [
      member("late", "accepted", "2026-11-03T00:00:00Z"),
      member("b", "accepted", "2026-11-02T00:00:00Z"),
      member("a", "accepted", "2026-11-02T00:00:00Z"),
    ];
    for (const listed of [members, [...members].reverse()]) {
      const plan = planRollout(old, next, listed, [], options, 2);
      expect(Object.fromEntries(plan.members.map((m) => [m.member.id, m.action]))).toEqual({
        a: "invite",
        b: "invite",
        late: "over_quota",
      });
    }
  });

  it("says the same in openstack commands", () => {
    const plan = planRollout(old, next, [member("a", "accepted")], [], {
      ...options,
      hideOld: true,
      removeOldMembers: true,
    });
    expect(rolloutCommands(plan)).toEqual([
      "openstack --os-region-name RegionOne image set --shared next",
      "openstack --os-region-name RegionOne image set --property predecessor_id=old next",
      "openstack --os-region-name RegionOne image add project next a",
      "openstack --os-region-name RegionOne image remove project old a",
      "openstack --os-region-name RegionOne image set --hidden old",
      "openstack --os-region-name RegionOne image member list next",
    ]);
  });
});
