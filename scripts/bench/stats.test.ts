import { describe, expect, it } from "vitest";

import { median, ms, quantile, ratio } from "./stats";

describe("benchmark statistics", () => {
  it("takes quantiles by nearest rank", () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(median(samples)).toBe(5);
    expect(quantile(samples, 0.95)).toBe(10);
    expect(quantile(samples, 0)).toBe(1);
    expect(median([])).toBeNaN();
  });

  it("prints durations and ratios readably", () => {
    expect(ms(4.25)).toBe("4.3 ms");
    expect(ms(250)).toBe("250 ms");
    expect(ms(2500)).toBe("2.50 s");
    expect(ratio(150, 100)).toBe("1.50×");
  });
});
