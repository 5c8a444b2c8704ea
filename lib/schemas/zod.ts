import { z } from "zod";

// Zod compiles object parsers with `new Function` when it can, and finds out by trying:
// the page's Content-Security-Policy forbids eval, so in the browser the try is reported
// as a violation. Every schema shared with the browser is built from this import, after
// this line. The server keeps the compiled parsers.
if (typeof window !== "undefined") z.config({ jitless: true });

export { z };

/** A query's free text: trimmed, at most 255 characters, and absent when empty. */
export const optionalText = z
  .string()
  .trim()
  .max(255)
  .optional()
  .transform((v) => (v ? v : undefined));
