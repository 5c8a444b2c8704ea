import "server-only";

import { randomBytes } from "node:crypto";

/**
 * Logs an unexpected failure with a short reference and returns the reference: the
 * person is told the reference, the operator finds the detail in the log. Database and
 * network error text never reaches the browser.
 */
export function logFailure(what: string, err: unknown): string {
  const reference = randomBytes(4).toString("hex");
  console.error(`[glance-share] ${what} (reference ${reference})`, err);
  return reference;
}
