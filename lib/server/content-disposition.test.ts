import { describe, expect, it } from "vitest";

import { contentDisposition } from "./content-disposition";

describe("contentDisposition", () => {
  it("keeps a plain name as it is", () => {
    expect(contentDisposition("ubuntu-22.04", "qcow2")).toBe(
      `attachment; filename="ubuntu-22.04.qcow2"; filename*=UTF-8''ubuntu-22.04.qcow2`,
    );
  });

  it("cannot be steered out of the download folder or out of the header", () => {
    const header = contentDisposition('../../etc/"passwd"\r\nSet-Cookie: x=1', "raw");
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toContain('filename="__.._etc__passwd___Set-Cookie__x_1.raw"');
    expect(header).not.toContain("/");
    expect(header.match(/"/g)).toHaveLength(2);
    expect(contentDisposition(".hidden", "raw")).toContain('filename="_hidden.raw"');
  });

  it("gives the real name, accents and all, in the RFC 5987 form", () => {
    expect(contentDisposition("débian 12", "raw")).toBe(
      `attachment; filename="d_bian_12.raw"; filename*=UTF-8''d%C3%A9bian%2012.raw`,
    );
  });

  it("always ends in the disk format, however long the name", () => {
    const header = contentDisposition("a".repeat(500), "qcow2");
    expect(header).toContain(`filename="${"a".repeat(194)}.qcow2"`);
    expect(contentDisposition("no-format", null)).toContain('filename="no-format"');
    expect(contentDisposition("odd", "../x")).toContain('filename="odd.x"');
  });

  it("drops the controls that would make another extension show on screen", () => {
    const header = contentDisposition("invoice\u202Eexe", "raw");
    expect(header).toContain('filename="invoiceexe.raw"');
    expect(header).toContain("filename*=UTF-8''invoiceexe.raw");
    expect(contentDisposition("\u2066\u200f\u061c", "raw")).toContain('filename="image.raw"');
  });

  it("never cuts a character in half", () => {
    // 196 characters fit before ".raw": the first emoji whole, the second not at all.
    const header = contentDisposition(`${"a".repeat(195)}😀😀`, "raw");
    expect(header.endsWith(`UTF-8''${"a".repeat(195)}${encodeURIComponent("😀")}.raw`)).toBe(true);
  });
});
