import { describe, expect, it } from "vitest";

import type { Sentence } from "@/lib/i18n/sentence";
import { write } from "@/lib/i18n/write";
import type { TransferDto } from "@/lib/schemas/transfers";

import { moveRefusal, moveState, transfersSettled } from "./move";

const NOW = Date.parse("2026-11-23T12:00:00Z");
const pair = (over: Partial<TransferDto> = {}) =>
  ({
    batch: "b",
    source: { imageId: "i1" },
    move: true,
    status: "verified",
    sourceDeleted: false,
    error: null,
    finishedAt: "2026-11-23T11:59:59Z",
    ...over,
  }) as TransferDto;

describe("moveState", () => {
  it("follows a move from its copies to the deleted source", () => {
    expect(moveState([pair({ status: "running", finishedAt: null }), pair()], NOW)).toBe("copying");
    expect(moveState([pair(), pair()], NOW)).toBe("deleting");
    expect(moveState([pair({ sourceDeleted: true }), pair({ sourceDeleted: true })], NOW)).toBe(
      "deleted",
    );
  });

  it("keeps the source when a copy was not verified, and says when a deletion failed or never came", () => {
    expect(moveState([pair(), pair({ status: "failed" })], NOW)).toBe("kept");
    expect(
      moveState(
        [pair({ error: "Copied and verified, but the source could not be deleted: …" })],
        NOW,
      ),
    ).toBe("not_deleted");
    expect(moveState([pair({ finishedAt: "2026-11-23T11:58:00Z" })], NOW)).toBe("not_deleted");
  });
});

describe("transfersSettled", () => {
  it("waits for running copies and for a move's deletion, not for copies that ended", () => {
    expect(transfersSettled([pair({ move: false })], NOW)).toBe(true);
    expect(transfersSettled([pair({ move: false, status: "queued", finishedAt: null })], NOW)).toBe(
      false,
    );
    expect(transfersSettled([pair()], NOW)).toBe(false);
    // An interrupted copy's leftover is deleted by the server shortly: the page waits for it.
    const interrupted = { move: false, status: "interrupted" } as const;
    expect(transfersSettled([pair({ ...interrupted, cleanup: "needed" })], NOW)).toBe(false);
    expect(transfersSettled([pair({ ...interrupted, cleanup: "failed" })], NOW)).toBe(true);
    expect(
      transfersSettled(
        [pair({ sourceDeleted: true }), pair({ batch: "c", status: "failed" })],
        NOW,
      ),
    ).toBe(true);
  });

  it("follows each image of a batch that moves several on its own: one deleted does not settle another still being deleted", () => {
    const other = { imageId: "i2" } as TransferDto["source"];
    expect(transfersSettled([pair({ sourceDeleted: true }), pair({ source: other })], NOW)).toBe(
      false,
    );
    expect(
      transfersSettled(
        [pair({ sourceDeleted: true }), pair({ source: other, status: "failed" })],
        NOW,
      ),
    ).toBe(true);
  });
});

const en = (s: Sentence | null) => (s ? write(s, "en") : null);

describe("moveRefusal", () => {
  const image = { id: "i1", owned: true, protected: false, properties: {}, writable: true };
  it("lets the owner's writable project move an unprotected image without a key", () => {
    expect(en(moveRefusal(image))).toBeNull();
  });
  it("says why not, in order: another project's image, protected, an encryption key, read-only", () => {
    expect(en(moveRefusal({ ...image, owned: false, protected: true }))).toMatch(
      /^only the owner's/,
    );
    expect(en(moveRefusal({ ...image, protected: true }))).toBe(
      "it is protected: Glance refuses to delete it. Unprotect it first (openstack image set --unprotected i1).",
    );
    expect(
      en(moveRefusal({ ...image, properties: { cinder_encryption_key_id: "k" }, writable: false })),
    ).toMatch(/^it was made from an encrypted volume/);
    expect(en(moveRefusal({ ...image, writable: false }))).toMatch(
      /^its project is connected read-only/,
    );
  });
});
