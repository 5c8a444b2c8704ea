import { describe, expect, it } from "vitest";

import { flavorTooSmall, recordedProperties, rotationVictims } from "./backup";

const server = {
  name: "web-1",
  flavor: { name: "m1.small" },
  imageId: "11111111-1111-4111-8111-111111111111",
  keyName: "ops",
  securityGroups: ["default", "web"],
  metadata: { role: "web" },
};

describe("recordedProperties", () => {
  it("records what the server was: flavor, boot image, key pair, groups and metadata", () => {
    expect(recordedProperties(server)).toEqual({
      glance_share_server_name: "web-1",
      glance_share_server_flavor: "m1.small",
      glance_share_server_image: "11111111-1111-4111-8111-111111111111",
      glance_share_server_key_name: "ops",
      glance_share_server_security_groups: "default,web",
      glance_share_server_metadata: '{"role":"web"}',
    });
  });

  it("leaves out what the server does not have, and metadata too long to stay JSON", () => {
    expect(
      recordedProperties({
        ...server,
        imageId: null,
        keyName: null,
        securityGroups: [],
        metadata: { note: "x".repeat(300) },
      }),
    ).toEqual({ glance_share_server_name: "web-1", glance_share_server_flavor: "m1.small" });
    expect(recordedProperties({ ...server, metadata: {} })).not.toHaveProperty(
      "glance_share_server_metadata",
    );
  });

  it("cuts a value at Glance's 255 characters", () => {
    const long = recordedProperties({
      ...server,
      name: "n".repeat(400),
      securityGroups: ["g".repeat(300)],
    });
    expect(long.glance_share_server_name).toHaveLength(255);
    expect(long.glance_share_server_security_groups).toHaveLength(255);
  });
});

describe("rotationVictims", () => {
  const backups = [
    { id: "b2", name: "two", createdAt: "2026-12-02T00:00:00Z" },
    { id: "b1", name: "one", createdAt: "2026-12-01T00:00:00Z" },
    { id: "b3", name: "three", createdAt: "2026-12-03T00:00:00Z" },
  ];

  it("keeps the newest rotation − 1 (the new one makes rotation) and names the rest, newest first", () => {
    expect(rotationVictims(backups, 2).map((b) => b.id)).toEqual(["b2", "b1"]);
    expect(rotationVictims(backups, 3).map((b) => b.id)).toEqual(["b1"]);
    expect(rotationVictims(backups, 4)).toEqual([]);
  });

  it("deletes every earlier backup with a rotation of 1", () => {
    expect(rotationVictims(backups, 1).map((b) => b.id)).toEqual(["b3", "b2", "b1"]);
    expect(rotationVictims([], 1)).toEqual([]);
  });
});

describe("flavorTooSmall", () => {
  const image = { minDisk: 8, minRam: 1024 };
  it("says why a flavor is refused: disk first, then memory", () => {
    expect(flavorTooSmall({ diskGiB: 1, ramMiB: 512 }, image)).toBe("disk");
    expect(flavorTooSmall({ diskGiB: 20, ramMiB: 512 }, image)).toBe("memory");
  });
  it("accepts a flavor at the minimum, and one with no disk of its own", () => {
    expect(flavorTooSmall({ diskGiB: 8, ramMiB: 1024 }, image)).toBeNull();
    expect(flavorTooSmall({ diskGiB: 0, ramMiB: 2048 }, image)).toBeNull();
  });
});
