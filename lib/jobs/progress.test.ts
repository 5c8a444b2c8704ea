import { describe, expect, it } from "vitest";

import { countSteps } from "./progress";

describe("countSteps", () => {
  it("counts every step of a share run or a rollout, wherever it sits, by how it ended", () => {
    expect(
      countSteps({
        visibility: { a: { state: "done", journalError: null } },
        pairs: {
          p1: { state: "added", status: "pending" },
          p2: { state: "existing", status: "accepted" },
          p3: { state: "failed", code: "x", message: "no" },
          p4: { state: "running" },
        },
      }),
    ).toEqual({ done: 3, failed: 1, total: 5 });
    expect(
      countSteps({
        steps: { share: null, predecessor: { state: "waiting" }, hide: null },
        members: {
          m: {
            invite: { state: "done", status: "pending" },
            remove: { state: "failed", message: "" },
          },
        },
      }),
    ).toEqual({ done: 1, failed: 1, total: 3 });
  });
});
