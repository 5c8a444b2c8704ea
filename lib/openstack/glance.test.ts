import { describe, expect, it } from "vitest";

import { getImage, imageListQuery, removeMember } from "./glance";

describe("imageListQuery", () => {
  it("uses Glance's parameter names and leaves out what is unset", () => {
    const q = imageListQuery({
      visibility: "shared",
      memberStatus: "pending",
      owner: "abc",
      sort: "name:asc",
      limit: 50,
    });
    expect(q.toString()).toBe(
      "visibility=shared&member_status=pending&owner=abc&sort=name%3Aasc&limit=50",
    );
  });

  it("repeats tag, since Glance ANDs several tags", () => {
    expect(imageListQuery({ tag: ["backup", "firewall"] }).getAll("tag")).toEqual([
      "backup",
      "firewall",
    ]);
  });

  it("maps the disk format and the marker", () => {
    const q = imageListQuery({ diskFormat: "qcow2", marker: "id-1", name: "", status: "active" });
    expect(Object.fromEntries(q)).toEqual({
      disk_format: "qcow2",
      marker: "id-1",
      status: "active",
    });
  });
});

describe("image and member ids in Glance URLs", () => {
  // No Glance answers here: a call that got as far as the network would fail otherwise.
  const target = { endpoint: "http://127.0.0.1:9", token: "t" };

  it("refuses dot segments, which a URL parser would turn into a call on the image itself", async () => {
    for (const id of ["..", ".", ""]) {
      await expect(
        removeMember(target, "2b1c4c3a-9d0e-4f5a-8b7c-6d5e4f3a2b1c", id),
      ).rejects.toMatchObject({ code: "bad_request" });
      await expect(getImage(target, id)).rejects.toMatchObject({ code: "bad_request" });
    }
  });
});
