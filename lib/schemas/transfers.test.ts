import { describe, expect, it } from "vitest";

import { MAX_TRANSFER_PAIRS, transferRequestSchema } from "./transfers";

const image = (n: number, connection = "a1", region = "RegionOne") => ({
  source: { connection, region },
  imageId: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
});
const target = (connection: string, region = "RegionOne") => ({ connection, region });
const problems = (request: unknown) => {
  const parsed = transferRequestSchema.safeParse(request);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
};

describe("transferRequestSchema", () => {
  it("takes several images into several targets, with move and members off unless asked", () => {
    const parsed = transferRequestSchema.parse({
      images: [image(1), image(2, "a1", "RegionTwo")],
      targets: [target("b1"), target("b1", "RegionTwo")],
    });
    expect(parsed).toMatchObject({ move: false, keepMembers: false });
    expect(parsed.images).toHaveLength(2);
  });

  it("refuses a copy into the place of any of its sources, and each image or target twice", () => {
    expect(
      problems({
        images: [image(1), image(2, "a1", "RegionTwo")],
        targets: [target("a1", "RegionTwo")],
      }),
    ).toEqual(["A copy cannot go where its source already is"]);
    expect(problems({ images: [image(1), image(1)], targets: [target("b1")] })).toEqual([
      "Each image is copied once",
    ]);
    expect(problems({ images: [image(1)], targets: [target("b1"), target("b1")] })).toEqual([
      "Each project and region is a target once",
    ]);
  });

  it("keeps a new name for a single image: several images keep their own names", () => {
    expect(problems({ images: [image(1)], targets: [target("b1")], name: "golden" })).toEqual([]);
    expect(
      problems({ images: [image(1), image(2)], targets: [target("b1")], name: "golden" }),
    ).toEqual(["Several images keep their own names: a new name is for one image"]);
    expect(problems({ images: [image(1), image(2)], targets: [target("b1")], name: "  " })).toEqual(
      [],
    );
  });

  it("bounds a request: no empty selection, and at most so many copies at once", () => {
    expect(problems({ images: [], targets: [target("b1")] })).toEqual([
      "Choose at least one image to copy",
    ]);
    const images = Array.from({ length: 11 }, (_, i) => image(i));
    const targets = Array.from({ length: 10 }, (_, i) => target(`t${i}`));
    expect(images.length * targets.length).toBeGreaterThan(MAX_TRANSFER_PAIRS);
    expect(problems({ images, targets })).toEqual([
      `At most ${MAX_TRANSFER_PAIRS} copies at once (images × targets)`,
    ]);
    expect(problems({ images: images.slice(1), targets })).toEqual([]);
  });
});
