import { describe, expect, it } from "vitest";

import { durationParts, estimateSeconds, sessionsEndingFirst, transferProgress } from "./progress";

const at = (s: number) => new Date(Date.UTC(2026, 10, 23, 12, 0, s)).toISOString();

describe("transferProgress", () => {
  it("gives the share done, the average rate and the time left while running", () => {
    expect(
      transferProgress({
        bytes: 40e6,
        size: 100e6,
        createdAt: at(0),
        updatedAt: at(4),
        finishedAt: null,
      }),
    ).toEqual({
      fraction: 0.4,
      rate: 10e6,
      etaSeconds: 6,
    });
  });

  it("tells no rate before a second has passed or a byte has arrived, and no time left without a size", () => {
    expect(
      transferProgress({
        bytes: 5,
        size: 10,
        createdAt: at(0),
        updatedAt: at(0),
        finishedAt: null,
      }),
    ).toEqual({ fraction: 0.5, rate: null, etaSeconds: null });
    expect(
      transferProgress({ bytes: 0, size: 10, createdAt: at(0), updatedAt: at(9), finishedAt: null })
        .rate,
    ).toBeNull();
    expect(
      transferProgress({
        bytes: 8,
        size: null,
        createdAt: at(0),
        updatedAt: at(2),
        finishedAt: null,
      }),
    ).toEqual({ fraction: null, rate: 4, etaSeconds: null });
  });

  it("measures a finished transfer up to its end and leaves no time left", () => {
    expect(
      transferProgress({
        bytes: 30,
        size: 30,
        createdAt: at(0),
        updatedAt: at(50),
        finishedAt: at(3),
      }),
    ).toEqual({ fraction: 1, rate: 10, etaSeconds: null });
  });

  it("counts an empty image as complete and never goes past the whole", () => {
    expect(
      transferProgress({ bytes: 0, size: 0, createdAt: at(0), updatedAt: at(1), finishedAt: null })
        .fraction,
    ).toBe(1);
    expect(
      transferProgress({
        bytes: 12,
        size: 10,
        createdAt: at(0),
        updatedAt: at(2),
        finishedAt: null,
      }),
    ).toMatchObject({ fraction: 1, etaSeconds: 0 });
  });
});

describe("durationParts and estimateSeconds", () => {
  it("round an estimate to what a person reads", () => {
    expect(durationParts(0.2)).toEqual({ unit: "s", s: 1, min: 0, h: 0 });
    expect(durationParts(42.4)).toEqual({ unit: "s", s: 42, min: 0, h: 0 });
    expect(durationParts(150)).toEqual({ unit: "min", s: 0, min: 3, h: 0 });
    expect(durationParts(3 * 3600 + 20 * 60)).toEqual({ unit: "h", s: 0, min: 20, h: 3 });
    expect(estimateSeconds(200e6, 100e6)).toBe(2);
    expect(estimateSeconds(null, 1)).toBeNull();
    expect(estimateSeconds(5, null)).toBeNull();
  });
});

describe("sessionsEndingFirst", () => {
  const now = Date.parse(at(0));
  const session = (name: string, minutes: number) => ({
    name,
    expiresAt: new Date(now + minutes * 60_000).toISOString(),
  });

  it("names the sessions that end before the estimated end of the transfer", () => {
    const sessions = [session("alpha", 50), session("beta", 20), session("partner", 59)];
    expect(sessionsEndingFirst(sessions, 30 * 60, now).map((s) => s.name)).toEqual(["beta"]);
    expect(sessionsEndingFirst(sessions, 55 * 60, now).map((s) => s.name)).toEqual([
      "alpha",
      "beta",
    ]);
  });

  it("without an estimate, or for a short one, still warns of a session about to end", () => {
    const sessions = [session("alpha", 50), session("beta", 5), session("gone", -1)];
    expect(sessionsEndingFirst(sessions, null, now).map((s) => s.name)).toEqual(["beta", "gone"]);
    expect(sessionsEndingFirst(sessions, 30, now).map((s) => s.name)).toEqual(["beta", "gone"]);
  });
});
