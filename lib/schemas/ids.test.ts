import { describe, expect, it } from "vitest";

import { imageIdSchema } from "./images";
import { existingMemberIdSchema, memberIdSchema } from "./members";

describe("ids at the boundary", () => {
  it("takes an image id only as a UUID", () => {
    expect(imageIdSchema.parse("2B1C4C3A-9D0E-4F5A-8B7C-6D5E4F3A2B1C")).toBe(
      "2B1C4C3A-9D0E-4F5A-8B7C-6D5E4F3A2B1C",
    );
    for (const bad of [
      "..",
      "%2e%2e",
      "abc",
      "2b1c4c3a-9d0e-4f5a-8b7c-6d5e4f3a2b1c/members",
      "../2b1c4c3a-9d0e-4f5a-8b7c-6d5e4f3a2b1c",
      "",
    ]) {
      expect(imageIdSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it("names an existing member by whatever Glance holds, but never by a path trick", () => {
    for (const ok of ["35c9ee22e5c84c1097a5652b0abcbab3", "not-a-project", "partner team"])
      expect(existingMemberIdSchema.parse(ok)).toBe(ok);
    for (const bad of [
      "..",
      ".",
      "",
      "a/b",
      "a\\\\b",
      "a?b",
      "a#b",
      "a%2fb",
      "a\u0000b",
      "x".repeat(256),
    ]) {
      expect(existingMemberIdSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it("invites only Keystone project ids (Glance would accept any string)", () => {
    expect(memberIdSchema.parse(" 35C9EE22E5C84C1097A5652B0ABCBAB3 ")).toBe(
      "35c9ee22e5c84c1097a5652b0abcbab3",
    );
    expect(memberIdSchema.safeParse("not-a-project").success).toBe(false);
    expect(memberIdSchema.safeParse("x35c9ee22e5c84c1097a5652b0abcbab3").success).toBe(false);
    expect(memberIdSchema.safeParse("35c9ee22e5c84c1097a5652b0abcbab3/..").success).toBe(false);
  });
});
