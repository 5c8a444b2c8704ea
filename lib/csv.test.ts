import { describe, expect, it } from "vitest";

import { csvSeparatorFor, toCsv } from "./csv";

const one = (value: string) => toCsv([value], [{ header: "v", value: (v) => v }]).split("\r\n")[1];

describe("toCsv", () => {
  it("quotes every cell, doubling quotes, CRLF between lines", () => {
    expect(
      toCsv(
        [{ a: 'say "hi"', b: "x" }],
        [
          { header: "A", value: (r) => r.a },
          { header: "B", value: (r) => r.b },
        ],
      ),
    ).toBe('"A","B"\r\n"say ""hi""","x"\r\n');
  });

  it("separates cells with a semicolon for French spreadsheets, formulas defused as with commas", () => {
    const csv = toCsv(
      [{ a: "1,5 Gio", b: "=1+1" }],
      [
        { header: "A", value: (r) => r.a },
        { header: "B", value: (r) => r.b },
      ],
      csvSeparatorFor("fr"),
    );
    expect(csv).toBe('"A";"B"\r\n"1,5 Gio";"\'=1+1"\r\n');
    expect(csvSeparatorFor("en")).toBe(",");
  });

  it("keeps a semicolon-separated formula inside one quoted cell (French and German spreadsheets split on ;)", () => {
    expect(one("x;=1+1")).toBe('"x;=1+1"');
  });

  it("leaves a tab or line break inside a value alone: only a value that starts with one is defused", () => {
    expect(one("a\tb")).toBe('"a\tb"');
    expect(one("line one\nline two")).toBe('"line one\nline two"');
  });

  it("defuses formulas, also after leading spaces, tabs and no-break spaces", () => {
    for (const formula of [
      "=1+1",
      "+1",
      "-1+2",
      "@SUM(A1)",
      " =1+1",
      "\u00a0=HYPERLINK(1)",
      "\u2003@x",
      "\t=1",
      "\r=1",
    ]) {
      expect(one(formula), JSON.stringify(formula)).toBe(`"'${formula}"`);
    }
    expect(one("ubuntu-22.04")).toBe('"ubuntu-22.04"');
    expect(one("a=b")).toBe('"a=b"');
  });
});
