import { describe, expect, it } from "vitest";

import { toggled } from "./sets";

describe("toggled", () => {
  it("puts in what was not there and takes out what was, leaving the original as it was", () => {
    const original = new Set(["a", "b"]);
    expect([...toggled(original, "c")]).toEqual(["a", "b", "c"]);
    expect([...toggled(original, "a")]).toEqual(["b"]);
    expect([...original]).toEqual(["a", "b"]);
  });
});
