import { describe, expect, it } from "vitest";

import { contentDisposition } from "./content-disposition";

describe("contentDisposition", () => {
  it("keeps a plain name as it is", () => {
    expect(contentDisposition("ubuntu-22.04.qcow2")).toBe(
      `attachment; filename="ubuntu-22.04.qcow2"; filename*=UTF-8''ubuntu-22.04.qcow2`,
    );
  });

  it("cannot be steered out of the download folder or out of the header", () => {
    const header = contentDisposition('../../etc/"passwd"\r\nSet-Cookie: x=1.raw');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toContain('filename="__.._etc__passwd___Set-Cookie__x_1.raw"');
    expect(header).not.toContain("/");
    expect(header.match(/"/g)).toHaveLength(2);
    expect(contentDisposition(".hidden.raw")).toContain('filename="_hidden.raw"');
  });

  it("gives the real name, accents and all, in the RFC 5987 form", () => {
    expect(contentDisposition("débian 12.raw")).toBe(
      `attachment; filename="d_bian_12.raw"; filename*=UTF-8''d%C3%A9bian%2012.raw`,
    );
  });
});
