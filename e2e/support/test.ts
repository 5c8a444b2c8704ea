import { test as base, expect } from "@playwright/test";

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

/**
 * Every spec's `test`: a page that breaks the Content-Security-Policy fails the test that
 * opened it, whatever the test was about, so a dialog or a wizard step that needs an
 * inline script or style the policy forbids is caught where it is used.
 */
export const test = base.extend<{ cspGuard: void }>({
  cspGuard: [
    async ({ context }, use) => {
      await context.addInitScript(() => {
        window.__cspViolations = [];
        document.addEventListener("securitypolicyviolation", (e) => {
          window.__cspViolations!.push(
            `${e.violatedDirective} blocked ${e.blockedURI || "inline"} on ${location.pathname}`,
          );
        });
      });
      await use();
      const violations: string[] = [];
      for (const page of context.pages()) {
        if (page.isClosed()) continue;
        violations.push(
          ...((await page
            .evaluate(() => window.__cspViolations ?? [])
            .catch(() => [])) as string[]),
        );
      }
      expect(violations, "Content-Security-Policy violations").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
