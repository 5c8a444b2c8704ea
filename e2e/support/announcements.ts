import type { Page } from "@playwright/test";

declare global {
  interface Window {
    __announcements?: string[];
  }
}

/**
 * Starts listening, from the page's first byte, for what a screen reader would read out:
 * the text of a live region (aria-live, role=status, role=alert) each time it changes.
 * As screen readers do, a region that arrives with its text already in it is not read
 * (except an alert): only changes to regions already on the page. Returns a reader of
 * what was heard so far, in order.
 */
export async function listenForAnnouncements(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const heard: string[] = (window.__announcements = []);
    const LIVE =
      '[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"], [role="log"]';
    const known = new WeakSet<Element>();
    const regionOf = (node: Node) =>
      (node instanceof Element ? node : node.parentElement)?.closest(LIVE) ?? null;
    const register = (node: Node) => {
      if (!(node instanceof Element)) return;
      if (node.matches(LIVE)) known.add(node);
      node.querySelectorAll(LIVE).forEach((el) => known.add(el));
    };
    new MutationObserver((records) => {
      const changed = new Set<Element>();
      const arrived = new Set<Element>();
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node instanceof Element && !known.has(node) && node.matches(LIVE)) arrived.add(node);
          register(node);
        }
        const region = regionOf(record.target);
        if (region) changed.add(region);
      }
      for (const region of changed) {
        if (arrived.has(region) && region.getAttribute("role") !== "alert") continue;
        const text = region.textContent?.replace(/\s+/g, " ").trim();
        if (text && heard.at(-1) !== text) heard.push(text);
      }
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => window.__announcements ?? []);
}
