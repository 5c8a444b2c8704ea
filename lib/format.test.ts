import { describe, expect, it } from "vitest";

import { daysAgo, formatBytes, formatDate, formatNumber } from "./format";

describe("format", () => {
  it("prints sizes in binary units, in English and in French", () => {
    expect(formatBytes(null)).toBe("—");
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(1015 * 1024)).toBe("1015 KiB");
    expect(formatBytes(20 * 1024 ** 3)).toBe("20 GiB");
    expect(formatBytes(1.5 * 1024 ** 3, "fr")).toBe("1,5\u00a0Gio");
    expect(formatBytes(512, "fr")).toBe("512\u00a0o");
    expect(formatBytes(2000 * 1024 ** 4, "fr")).toBe("2\u202f000\u00a0Tio");
  });

  it("prints counts with the language's grouping", () => {
    expect(formatNumber(12345)).toBe("12,345");
    expect(formatNumber(12345, "fr")).toBe("12\u202f345");
  });

  it("prints dates in UTC to the minute, as each language writes them", () => {
    expect(formatDate("2026-12-03T18:12:09Z")).toBe("Dec 3, 2026, 18:12 UTC");
    expect(formatDate("2026-12-03T18:12:09Z", "fr")).toBe("3 déc. 2026, 18:12 UTC");
    expect(formatDate("2026-12-03T06:02:09Z", "fr")).toBe("3 déc. 2026, 06:02 UTC");
    expect(formatDate(null)).toBe("—");
    expect(formatDate("garbage")).toBe("garbage");
  });

  it("says how many days ago", () => {
    const now = Date.parse("2026-11-22T12:00:00Z");
    expect(daysAgo("2026-11-22T01:00:00Z", "en", now)).toBe("today");
    expect(daysAgo("2026-11-21T01:00:00Z", "en", now)).toBe("yesterday");
    expect(daysAgo("2026-11-02T12:00:00Z", "en", now)).toBe("20 days ago");
    expect(daysAgo("2026-11-02T12:00:00Z", "fr", now)).toBe("il y a 20 jours");
    expect(daysAgo("2026-11-22T01:00:00Z", "fr", now)).toBe("aujourd’hui");
    // A clock a little ahead of the server's is still today.
    expect(daysAgo("2026-11-22T13:00:00Z", "en", now)).toBe("today");
  });
});
