import { describe, expect, it } from "vitest";
import { imageListQuery } from "./glance";

describe("imageListQuery", () => {
  it("uses Glance's parameter names and leaves out what is unset", () => {
    const q = imageListQuery({ visibility: "shared", memberStatus: "pending", owner: "abc", sort: "name:asc", limit: 50 });
    expect(q.toString()).toBe("visibility=shared&member_status=pending&owner=abc&sort=name%3Aasc&limit=50");
  });

  it("repeats tag, since Glance ANDs several tags", () => {
    expect(imageListQuery({ tag: ["backup", "firewall"] }).getAll("tag")).toEqual(["backup", "firewall"]);
  });

  it("maps the disk format and the marker", () => {
    const q = imageListQuery({ diskFormat: "qcow2", marker: "id-1", name: "", status: "active" });
    expect(Object.fromEntries(q)).toEqual({ disk_format: "qcow2", marker: "id-1", status: "active" });
  });
});
