// A cell whose first visible character is one of these is a formula to a spreadsheet,
// even after spaces (NBSP and other Unicode spaces included): keep it text.
const FORMULA_START =
  /^[\s\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]*[=+\-@]|^[\t\r\n]/;

// Every cell is quoted: in semicolon locales (French, German) an unquoted "x;=1+1" would
// be split into two cells, the second a formula.
function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** What separates cells: a comma, or a semicolon for spreadsheets in languages whose decimal mark is a comma (French). */
export type CsvSeparator = "," | ";";

/** The separator a spreadsheet in this language expects. */
export const csvSeparatorFor = (locale: string): CsvSeparator => (locale === "fr" ? ";" : ",");

/** RFC 4180 CSV: a header line, then one line per row, CRLF-terminated, every cell quoted. */
export function toCsv<R>(
  rows: R[],
  columns: { header: string; value: (row: R) => string }[],
  separator: CsvSeparator = ",",
): string {
  const lines = [columns.map((c) => csvCell(c.header)).join(separator)];
  for (const r of rows) lines.push(columns.map((c) => csvCell(c.value(r))).join(separator));
  return `${lines.join("\r\n")}\r\n`;
}
