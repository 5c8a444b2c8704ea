import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { connectWithPassword } from "./support/api";
import { expect, test } from "./support/test";

const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const pages = ["/", "/projects", "/projects/connect", "/images", "/share", "/invitations", "/access", "/journal"];

/** The page's WCAG 2.1 A/AA violations, one line each: rule, impact, where. */
async function violations(page: Page): Promise<string[]> {
  // Colours are judged at rest, not halfway through a transition (a button turning enabled).
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getComputedTiming().iterations === Infinity));
  const result = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(" ")} — ${n.failureSummary?.split("\n")[1]?.trim() ?? ""}`));
}

/** Every page's violations, each line prefixed with its page. */
async function auditEveryPage(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const path of pages) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    found.push(...(await violations(page)).map((v) => `${path}: ${v}`));
  }
  return found;
}

test("every page, with no project connected, has no WCAG 2.1 A/AA violation", async ({ page }) => {
  expect(await auditEveryPage(page)).toEqual([]);
});

test("every page, with projects connected and data shown, has no WCAG 2.1 A/AA violation", async ({ page }) => {
  await connectWithPassword(page.request, "alpha-member", "alpha");
  await connectWithPassword(page.request, "beta-member", "beta");
  expect(await auditEveryPage(page)).toEqual([]);
});

test("the share wizard's steps, an image's page with its members, and a confirmation dialog (opened and closed by keyboard) have no WCAG 2.1 A/AA violation", async ({ page }) => {
  await connectWithPassword(page.request, "alpha-member", "alpha");
  await connectWithPassword(page.request, "beta-member", "beta");
  const found: string[] = [];
  const check = async (state: string) => found.push(...(await violations(page)).map((v) => `${state}: ${v}`));

  await page.goto("/images");
  await page.getByRole("checkbox", { name: /^Select pfsense-2\.7\.2-backup \(alpha, RegionOne\)/ }).check();
  await page.getByRole("button", { name: "Share 1 selected" }).click();
  await check("wizard, images");
  await page.getByRole("button", { name: "Next" }).click();
  await check("wizard, projects");
  await page.getByRole("checkbox", { name: /^beta/ }).check();
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("region", { name: "Review before sharing" })).toBeVisible();
  await check("wizard, review");

  await page.goto("/images");
  await page.getByRole("link", { name: "ubuntu-22.04-snapshot", exact: true }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "ubuntu-22.04-snapshot" })).toBeVisible();
  await page.waitForLoadState("networkidle");
  await check("image page");
  const remove = page.getByRole("button", { name: /^Remove/ }).first();
  await remove.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog")).toBeVisible();
  await check("remove dialog");
  // Escape closes it and the keyboard is back where it was.
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(remove).toBeFocused();
  expect(found).toEqual([]);
});

test("with reduced motion asked for, nothing on the page moves", async ({ page }) => {
  await page.emulateMedia({ reducedMotion: "reduce" });
  await connectWithPassword(page.request, "alpha-member", "alpha");
  await page.goto("/images");
  await expect(page.getByRole("row").nth(1)).toBeVisible();
  const moving = await page.evaluate(() =>
    [...document.querySelectorAll("*")]
      .map((el) => getComputedStyle(el))
      .filter((s) => parseFloat(s.transitionDuration) > 0.001 || (s.animationName !== "none" && parseFloat(s.animationDuration) > 0.001)).length,
  );
  expect(moving).toBe(0);
});
