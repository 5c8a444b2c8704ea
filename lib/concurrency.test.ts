import { describe, expect, it } from "vitest";

import { mapSettled } from "./concurrency";

describe("mapSettled", () => {
  it("keeps input order, settles failures and never exceeds the limit", async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await mapSettled([30, 10, 20, 5, 15], 2, async (ms, i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, ms));
      inFlight--;
      if (i === 2) throw new Error("third failed");
      return ms * 2;
    });
    expect(peak).toBe(2);
    expect(
      results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message)),
    ).toEqual([60, 20, "third failed", 10, 30]);
  });

  it("answers an empty list at once", async () => {
    expect(await mapSettled([], 4, async () => 1)).toEqual([]);
  });
});
