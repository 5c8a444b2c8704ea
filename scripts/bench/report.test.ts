import { describe, expect, it } from "vitest";

import { fill, paragraphsOf, prose } from "./report";

describe("the benchmark report's prose", () => {
  it("splits a prose file into its named paragraphs, markers and surrounding blank lines left out", () => {
    const found = paragraphsOf(
      "# about\n<!-- heading -->\n## 1. A {what}\n\n<!-- table -->\n| a | b |\n| --- | --- |\n",
    );
    expect([...found.entries()]).toEqual([
      ["heading", "## 1. A {what}"],
      ["table", "| a | b |\n| --- | --- |"],
    ]);
  });

  it("fills every placeholder, as often as it appears", () => {
    expect(fill("{n} runs, {ratio}× the floor; {n} again", { n: 20, ratio: "1.02" })).toBe(
      "20 runs, 1.02× the floor; 20 again",
    );
  });

  it("refuses a placeholder without a value, and a value without a placeholder", () => {
    expect(() => fill("{n} runs in {time}", { n: 2 })).toThrow("{time}");
    expect(() => fill("{n} runs", { n: 2, time: "1 s" })).toThrow("{time}");
  });

  it("finds every section's paragraphs in its own file", () => {
    expect(prose("workflow", "table-head")).toMatch(/^\| way \|/);
    expect(() => prose("workflow", "no-such-paragraph")).toThrow(
      'no paragraph "no-such-paragraph"',
    );
  });
});
