import { describe, expect, it } from "vitest";

import { projectScope } from "./connect";

describe("projectScope", () => {
  it("reads 32 hex characters as a Keystone id, anything else as a name in the domain", () => {
    expect(projectScope("35c9ee22e5c84c1097a5652b0abcbab3", "Default")).toEqual({
      id: "35c9ee22e5c84c1097a5652b0abcbab3",
    });
    expect(projectScope("8434567890123456", "Default")).toEqual({
      name: "8434567890123456",
      domain: { name: "Default" },
    });
    expect(projectScope("alpha", "partner")).toEqual({
      name: "alpha",
      domain: { name: "partner" },
    });
  });
});
