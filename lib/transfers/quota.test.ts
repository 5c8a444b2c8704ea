import { describe, expect, it } from "vitest";

import type { Sentence } from "@/lib/i18n/sentence";
import { write } from "@/lib/i18n/write";

import { quotaRefusal as refusalOf, describeUsage as usageOf, type Usage } from "./quota";

// The planner's sentences as an English and a French page write them.
const quotaRefusal = (usage: Usage, sizes: number[], where: string, locale: "en" | "fr" = "en") =>
  written(refusalOf(usage, sizes, where), locale);
const describeUsage = (usage: Usage, locale: "en" | "fr" = "en") => written(usageOf(usage), locale);
const written = (s: Sentence | null, locale: "en" | "fr") => (s ? write(s, locale) : null);

const MIB = 2 ** 20;

describe("quotaRefusal", () => {
  it("lets a copy through when it fits, or when Glance enforces no quota (an empty usage, or negative limits)", () => {
    expect(quotaRefusal({}, [10 * MIB], "beta (RegionTwo)")).toBeNull();
    expect(
      quotaRefusal(
        {
          image_size_total: { limit: -1, usage: 5000 },
          image_count_total: { limit: -1, usage: 9 },
        },
        [10 * MIB],
        "x",
      ),
    ).toBeNull();
    expect(
      quotaRefusal(
        { image_size_total: { limit: 100, usage: 90 }, image_count_total: { limit: 10, usage: 9 } },
        [10 * MIB],
        "x",
      ),
    ).toBeNull();
    expect(
      quotaRefusal(
        { image_size_total: { limit: 100, usage: 80 }, image_count_total: { limit: 10, usage: 8 } },
        [10 * MIB, 10 * MIB],
        "x",
      ),
    ).toBeNull();
  });

  it("refuses a copy that would pass the size quota (counted in whole MiB) or the image count, and says by how much", () => {
    expect(
      quotaRefusal(
        { image_size_total: { limit: 100, usage: 90 } },
        [10 * MIB + 1],
        "beta (RegionTwo)",
      ),
    ).toBe("beta (RegionTwo) has 10 MiB left of its 100 MiB image quota; the copy needs 11 MiB.");
    expect(
      quotaRefusal({ image_count_total: { limit: 10, usage: 10 } }, [1], "beta (RegionTwo)"),
    ).toBe("beta (RegionTwo) already has 10 of its 10 images.");
  });

  it("counts every image a request copies into the same target: each rounded up to whole MiB, and one image each", () => {
    expect(
      quotaRefusal(
        { image_size_total: { limit: 100, usage: 80 } },
        [10 * MIB, 10 * MIB + 1],
        "beta (RegionOne)",
      ),
    ).toBe(
      "beta (RegionOne) has 20 MiB left of its 100 MiB image quota; the 2 copies need 21 MiB.",
    );
    expect(
      quotaRefusal({ image_count_total: { limit: 10, usage: 8 } }, [1, 1, 1], "beta (RegionOne)"),
    ).toBe("beta (RegionOne) already has 8 of its 10 images; the 3 copies need 3 more.");
    expect(
      quotaRefusal(
        { image_size_total: { limit: 100, usage: 80 } },
        [10 * MIB, 10 * MIB + 1],
        "beta (RegionOne)",
        "fr",
      ),
    ).toBe(
      "beta (RegionOne) a encore 20 Mio sur son quota d’images de 100 Mio\u202f; les 2 copies ont besoin de 21 Mio.",
    );
  });
});

describe("describeUsage", () => {
  it("names the quotas that apply, and nothing when none does", () => {
    expect(
      describeUsage({
        image_size_total: { limit: 10240, usage: 120 },
        image_count_total: { limit: 100, usage: 4 },
      }),
    ).toBe("120 of 10240 MiB, 4 of 100 images");
    expect(
      describeUsage(
        {
          image_size_total: { limit: 10240, usage: 120 },
          image_count_total: { limit: 100, usage: 4 },
        },
        "fr",
      ),
    ).toBe("120 sur 10240 Mio, 4 sur 100 images");
    expect(describeUsage({ image_size_total: { limit: -1, usage: 120 } })).toBeNull();
    expect(describeUsage({})).toBeNull();
  });
});
