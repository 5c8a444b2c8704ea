import { describe, expect, it } from "vitest";

import { parseFailpoints } from "./failpoints";

describe("parseFailpoints", () => {
  it("reads one point per line with its mode, and ignores anything else", () => {
    expect([
      ...parseFailpoints("fail after-verify\n  stop before-source-delete  \nbreak x\nfail\n\n"),
    ]).toEqual([
      ["after-verify", "fail"],
      ["before-source-delete", "stop"],
    ]);
  });
});
