import { describe, expect, it } from "vitest";

import { upstreamMessage } from "./http";
import { chooseMicroversion, compareMicroversions } from "./nova";

describe("chooseMicroversion", () => {
  it.each([
    // Zed's Nova (2.1 to 2.93): the version this dashboard was written against.
    ["2.1", "2.93", "2.79"],
    ["2.1", "2.79", "2.79"],
    // An older Nova that still has everything needed: its own maximum.
    ["2.1", "2.60", "2.60"],
    ["2.1", "2.47", "2.47"],
    // Too old (no embedded flavor), or one that no longer speaks any version asked.
    ["2.1", "2.46", null],
    ["2.80", "2.99", null],
    ["", "2.93", null],
    ["2.1", "latest", null],
    ["2.1", "x2.93", null],
    ["2.1", "2.93x", null],
    // The edges: a Nova that starts or stops exactly at the wanted version, two-digit parts.
    ["2.79", "2.93", "2.79"],
    ["2.1", "2.80", "2.79"],
    ["2.1", "2.100", "2.79"],
    ["2.1", "12.1", "2.79"],
  ])("min %s, max %s → %s", (min, max, expected) => {
    expect(chooseMicroversion(min, max)).toBe(expected);
  });

  it("compares the minor part as a number, not as text", () => {
    expect(compareMicroversions("2.9", "2.10")).toBeLessThan(0);
    expect(compareMicroversions("2.79", "2.79")).toBe(0);
    expect(compareMicroversions("3.0", "2.93")).toBeGreaterThan(0);
    expect(compareMicroversions("10.1", "9.1")).toBeGreaterThan(0);
    expect(() => compareMicroversions("2.1", "abc")).toThrow("Not a microversion: abc");
    expect(() => compareMicroversions("abc", "2.1")).toThrow("Not a microversion: abc");
  });
});

describe("Nova's error bodies", () => {
  it("are read for their message, whatever the fault's key", () => {
    expect(
      upstreamMessage(
        JSON.stringify({ badRequest: { code: 400, message: "Flavor's disk is too small." } }),
      ),
    ).toBe("Flavor's disk is too small.");
    expect(
      upstreamMessage(
        JSON.stringify({ itemNotFound: { code: 404, message: "Instance x could not be found." } }),
      ),
    ).toBe("Instance x could not be found.");
  });
});
