import { describe, expect, it } from "vitest";

import { mayCancel, type Actor } from "./permissions";

const transfer = { userId: "u-starter", projectId: "p-source" };
const actor = (a: Partial<Actor>): Actor => ({
  userId: "u-other",
  projectId: "p-other",
  readOnly: false,
  ...a,
});

describe("mayCancel", () => {
  it("lets the person who started it cancel, from any of their live projects", () => {
    expect(mayCancel(transfer, [actor({ userId: "u-starter" })])).toBe(true);
  });

  it("lets a member of the source project cancel", () => {
    expect(mayCancel(transfer, [actor({ projectId: "p-source" })])).toBe(true);
  });

  it("refuses a reader of the source project, a member of the target only, and an expired session", () => {
    expect(mayCancel(transfer, [actor({ projectId: "p-source", readOnly: true })])).toBe(false);
    expect(mayCancel(transfer, [actor({ projectId: "p-target" })])).toBe(false);
    expect(mayCancel(transfer, [actor({ userId: "u-starter", readOnly: true })])).toBe(false);
    expect(mayCancel(transfer, [])).toBe(false);
  });
});
