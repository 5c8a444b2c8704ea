import { describe, expect, it, vi } from "vitest";

import { AppError } from "@/lib/errors";
import { say } from "@/lib/i18n/sentence";
import { keep } from "@/lib/i18n/write";
import { OpenStackError } from "@/lib/openstack/errors";
import { written } from "@/lib/server/testing/written";

import { journaled, journalScopes, type JournalEvent } from "./journal";

const event: JournalEvent = {
  cloud: "http://127.0.0.1:5000/v3",
  user: { id: "u", name: "alpha-member" },
  project: { id: "p", name: "alpha" },
  region: "RegionOne",
  image: { id: "i", name: null },
  memberId: "m",
  action: "member_added",
};
const brokenJournal = async () => {
  throw new Error("disk full");
};

describe("journaled", () => {
  it("records a success with its outcome and returns the change's value", async () => {
    const write = vi.fn(async () => undefined);
    expect(await journaled(event, async () => 42, write)).toEqual({
      value: 42,
      journalError: null,
    });
    expect(write).toHaveBeenCalledWith(event, { outcome: "ok" });
  });

  it("records a failure with Glance's code and sentence, and rethrows it unchanged", async () => {
    const write = vi.fn(async () => undefined);
    const refusal = new OpenStackError(
      "member_quota",
      say("upstream.memberQuotaUnknown"),
      "glance",
      413,
    );
    await expect(journaled(event, async () => Promise.reject(refusal), write)).rejects.toBe(
      refusal,
    );
    expect(write).toHaveBeenCalledWith(event, {
      outcome: "failed",
      error: { code: "member_quota", message: keep(refusal.sentence) },
    });
  });

  it("says so when a success could not be journaled, without undoing it", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(written(await journaled(event, async () => "done", brokenJournal))).toEqual({
      value: "done",
      // The database's own text stays in the server log, under the reference given.
      journalError: expect.stringMatching(
        /^Done, but not written to the journal \(reference [0-9a-f]{8}\)\.$/,
      ),
    });
    expect(log.mock.calls[0]?.[1]).toMatchObject({ message: "disk full" });
    log.mockRestore();
  });

  it("says so when a failure could not be journaled either, keeping the failure's code", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const err = await journaled(
      event,
      async () =>
        Promise.reject(new AppError("not_owner", say("images.notOwnerRollout", { image: "web" }))),
      brokenJournal,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({
      code: "not_owner",
      message: expect.stringMatching(
        /^web belongs to another project: only its owner can roll it out\. \(This failure could not be written to the journal either; reference [0-9a-f]{8}\.\)$/,
      ),
    });
    expect(String((err as Error).message)).not.toContain("disk full");
    const reference = /reference ([0-9a-f]{8})/.exec((err as Error).message)![1]!;
    expect(log).toHaveBeenCalledWith(
      expect.stringContaining(reference),
      expect.objectContaining({ message: "disk full" }),
    );
    log.mockRestore();
  });

  it("builds the entry from the result when it names the image", async () => {
    const write = vi.fn(async () => undefined);
    await journaled(
      (v: { name: string } | null) => ({ ...event, image: { id: "i", name: v?.name ?? null } }),
      async () => ({ name: "ubuntu" }),
      write,
    );
    expect(write).toHaveBeenCalledWith(
      { ...event, image: { id: "i", name: "ubuntu" } },
      { outcome: "ok" },
    );
  });

  it("records nothing when the change turned out to change nothing", async () => {
    const write = vi.fn(async () => undefined);
    expect(
      await journaled(
        () => null,
        async () => "unchanged",
        write,
      ),
    ).toEqual({ value: "unchanged", journalError: null });
    expect(write).not.toHaveBeenCalled();
  });
});

describe("journalScopes", () => {
  const open = (id: string, patch: { expired?: boolean; cloud?: string } = {}) => ({
    stored: {
      id,
      cloud: patch.cloud ?? "local",
      authUrl:
        patch.cloud === "custom" ? "https://keystone.other.example/v3" : "http://127.0.0.1:5000/v3",
      token: "t",
      expiresAt: "2099-01-01T00:00:00Z",
      method: "password" as const,
      user: { id: "u", name: "n", domainName: "Default" },
      project: { id: `p-${id}`, name: id, domainName: "Default" },
      roles: ["member"],
    },
    endpoints: [],
    computeEndpoints: [],
    expired: patch.expired ?? false,
    readOnly: false,
  });

  it("opens the journal of live connections only, each in its own cloud; a custom Keystone gets no older entries", () => {
    expect(
      journalScopes([open("a"), open("b", { expired: true }), open("c", { cloud: "custom" })]),
    ).toEqual([
      { cloud: "http://127.0.0.1:5000/v3", projectId: "p-a", legacy: true },
      { cloud: "https://keystone.other.example/v3", projectId: "p-c", legacy: false },
    ]);
  });
});
