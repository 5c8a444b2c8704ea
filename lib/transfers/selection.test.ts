import { describe, expect, it } from "vitest";

import { parseSelection, selectionParam } from "./selection";

describe("selection in the copy page's URL", () => {
  it("reads back what it wrote, whatever the region's name holds", () => {
    const images = [
      {
        connection: "3f9a2c1b0d4e5f60",
        region: "RegionOne",
        imageId: "2b1c4c3a-9d0e-4f5a-8b7c-6d5e4f3a2b1c",
      },
      {
        connection: "3f9a2c1b0d4e5f60",
        region: "eu-west:1, zone b",
        imageId: "7a1c4c3a-9d0e-4f5a-8b7c-6d5e4f3a2b1c",
      },
    ];
    expect(parseSelection(selectionParam(images))).toEqual(images);
    // And through the URL, as the page receives it.
    const url = new URL(
      `http://x/transfers/new?${new URLSearchParams({ images: selectionParam(images) })}`,
    );
    expect(parseSelection(url.searchParams.get("images") ?? undefined)).toEqual(images);
  });

  it("drops what a hand-edited URL breaks, and names an image once", () => {
    expect(parseSelection(undefined)).toEqual([]);
    expect(parseSelection("")).toEqual([]);
    expect(parseSelection("a:R:1,a:R,a:R:1:x,:R:2,a:%E0%A4%A:3,a:R:1,b:R:1")).toEqual([
      { connection: "a", region: "R", imageId: "1" },
      { connection: "b", region: "R", imageId: "1" },
    ]);
  });
});
