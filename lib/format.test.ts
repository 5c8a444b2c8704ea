import { describe, expect, it } from "vitest";

import { daysAgo, formatBytes, formatDate } from "./format";

describe("format", () => {
  it("prints sizes in binary units", () => {
    expect(formatBytes(null)).toBe("—");
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(20 * 1024 ** 3)).toBe("20 GiB");
  });

  it("prints dates in UTC to the minute", () => {
    expect(formatDate("2026-11-22T21:31:09Z")).toBe("2026-11-22 21:31 UTC");
    expect(formatDate(null)).toBe("—");
    expect(formatDate("garbage")).toBe("garbage");
  });

  it("says how many days ago", () => {
    const now = Date.parse("2026-11-22T12:00:00Z");
    expect(daysAgo("2026-11-22T01:00:00Z", now)).toBe("today");
    expect(daysAgo("2026-11-21T01:00:00Z", now)).toBe("1 day ago");
    expect(daysAgo("2026-11-02T12:00:00Z", now)).toBe("20 days ago");
  });
});
