import type { Page } from "@playwright/test";
import axe from "axe-core";

import { LOCALE_COOKIE } from "../lib/i18n/locales";
import { listenForAnnouncements } from "./support/announcements";
import { connectAs, connectMembers, inviteMembers } from "./support/api";
import { ConnectPage } from "./support/connect-page";
import { openstackCli, projectId } from "./support/local-cloud";
import { everyPage } from "./support/pages";
import { throwawayImages, toast } from "./support/sharing";
import { expect, test } from "./support/test";

declare global {
  interface Window {
    axe: typeof axe;
  }
}

const images = throwawayImages();
test.afterEach(() => images.cleanup());

const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** Waits until no transition runs: colours are judged at rest, not halfway through one (a
 * button turning enabled, the page turning dark). */
async function atRest(page: Page) {
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every(
        (a) => a.playState !== "running" || a.effect?.getComputedTiming().iterations === Infinity,
      ),
  );
}

/** The page's WCAG 2.1 A/AA violations as it stands, one line each: rule, impact, where. */
async function axeViolations(page: Page): Promise<string[]> {
  await atRest(page);
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: "tag", values: tags } });
    return result.violations.flatMap((v) =>
      v.nodes.map(
        (n) =>
          `${v.id} (${v.impact}): ${n.target.join(" ")} — ${n.failureSummary?.split("\n")[1]?.trim() ?? ""}`,
      ),
    );
  }, WCAG_21_AA);
}

/**
 * The page's violations in the light theme and in the dark one (prefers-color-scheme), each
 * line prefixed with its theme. The scheme is switched on the page as it stands, so a state
 * reached by clicks is audited in both without being reached twice.
 */
async function violations(page: Page): Promise<string[]> {
  // axe-core is evaluated in the page itself (as a DevTools call, which the page's CSP does not
  // govern) once per document, then run as often as needed: measured here, a run on a loaded
  // document took 0.1-0.8 s, against 1-3 s for a builder that injects it and opens a page per run.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axe.source);
  const found: string[] = [];
  // Colours change at once with reduced motion: the audit sees each state as it rests, not a
  // button halfway through its transition from disabled to enabled, or between themes.
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme, reducedMotion: "reduce" });
    found.push(...(await axeViolations(page)).map((v) => `${colorScheme}: ${v}`));
  }
  await page.emulateMedia({ colorScheme: "light", reducedMotion: null });
  return found;
}

/** Every page's violations, each line prefixed with its page. */
async function auditEveryPage(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const path of everyPage) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    found.push(...(await violations(page)).map((v) => `${path}: ${v}`));
  }
  return found;
}

test("every page, with no project connected, has no WCAG 2.1 A/AA violation, in the light theme or the dark one", async ({
  page,
}) => {
  expect(await auditEveryPage(page)).toEqual([]);
});

test("every page, with projects connected and data shown, has no WCAG 2.1 A/AA violation, in the light theme or the dark one", async ({
  page,
}) => {
  await connectMembers(page, "alpha", "beta");
  expect(await auditEveryPage(page)).toEqual([]);
});

test("every page in French, with projects connected and data shown, has no WCAG 2.1 A/AA violation, in the light theme or the dark one", async ({
  page,
  baseURL,
}) => {
  await page.context().addCookies([{ name: LOCALE_COOKIE, value: "fr", url: baseURL! }]);
  await connectMembers(page, "alpha", "beta");
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  expect(await auditEveryPage(page)).toEqual([]);
});

test("the share wizard's steps, the copy of a selection, an image's page with its members, and a confirmation dialog (opened and closed by keyboard) have no WCAG 2.1 A/AA violation, in the light theme or the dark one", async ({
  page,
}) => {
  await connectMembers(page, "alpha", "beta");
  const found: string[] = [];
  const check = async (state: string) =>
    found.push(...(await violations(page)).map((v) => `${state}: ${v}`));

  await page.goto("/images");
  await page
    .getByRole("checkbox", { name: /^Select pfsense-2\.7\.2-backup \(alpha, RegionOne\)/ })
    .check();
  await page.getByRole("button", { name: "Share 1 selected" }).click();
  await expect(page.getByRole("button", { name: "Next" })).toBeEnabled();
  await check("wizard, images");
  await page.getByRole("button", { name: "Next" }).click();
  await check("wizard, projects");
  await page.getByRole("checkbox", { name: /^beta/ }).check();
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("region", { name: "Review before sharing" })).toBeVisible();
  await check("wizard, review");

  await page.goto("/images");
  await page
    .getByRole("checkbox", { name: /^Select pfsense-2\.7\.2-backup \(alpha, RegionOne\)/ })
    .check();
  await page
    .getByRole("checkbox", { name: /^Select ubuntu-22\.04-snapshot \(alpha, RegionOne\)/ })
    .first()
    .check();
  await page.getByRole("button", { name: "Copy 2 selected to…" }).click();
  await page.getByRole("checkbox", { name: "beta · RegionTwo" }).check();
  await expect(
    page.getByRole("list", { name: "Images to copy" }).getByRole("listitem"),
  ).toHaveCount(2);
  await check("copy images, review");

  await page.goto("/images");
  await page.getByRole("link", { name: "ubuntu-22.04-snapshot", exact: true }).first().click();
  await expect(
    page.getByRole("heading", { level: 1, name: "ubuntu-22.04-snapshot" }),
  ).toBeVisible();
  await page.waitForLoadState("networkidle");
  await check("image page");
  await page.getByRole("button", { name: "Copy to…" }).click();
  await page.getByRole("checkbox", { name: "beta · RegionTwo" }).check();
  await expect(page.getByRole("region", { name: "Review before copying" })).toBeVisible();
  await check("image page, copy to");
  const remove = page.getByRole("button", { name: /^Remove/ }).first();
  await remove.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog")).toBeVisible();
  // At rest: it has looked for servers on the image (none), and removing is offered.
  await expect(
    page.getByRole("dialog").getByRole("button", { name: "Remove member" }),
  ).toBeEnabled();
  await check("remove dialog");
  // Escape closes it and the keyboard is back where it was.
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(remove).toBeFocused();
  expect(found).toEqual([]);
});

test("loading and error states, the connect form's errors, the invitations inbox with pending rows, a finished audit and the journal with entries have no WCAG 2.1 A/AA violation, in the light theme or the dark one", async ({
  page,
}) => {
  const [owner] = await connectMembers(page, "alpha", "beta");
  const found: string[] = [];
  const check = async (state: string) =>
    found.push(...(await violations(page)).map((v) => `${state}: ${v}`));

  // Loading: the image list's answer is held back until the page has been audited.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/api/images?*", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto("/images");
  await expect(page.getByRole("table").locator("tr[aria-hidden]").first()).toBeVisible();
  await check("images, loading");
  release();
  await expect(
    page.getByRole("row").filter({ hasText: "ubuntu-22.04-snapshot" }).first(),
  ).toBeVisible();
  await page.unroute("**/api/images?*");

  // Error: the dashboard's own server cannot be reached.
  await page.route("**/api/images?*", (route) => route.abort("connectionrefused"));
  await page.goto("/images");
  await expect(page.getByRole("alert")).toBeVisible({ timeout: 15_000 });
  await check("images, error");
  await page.unroute("**/api/images?*");

  const connect = new ConnectPage(page);
  await connect.withPassword("alpha-member", "alpha", { password: "not-the-password" });
  await expect(page.getByRole("alert").filter({ hasText: "Keystone refused" })).toBeVisible();
  await check("connect, refused login");

  await page.goto("/invitations");
  await expect(page.getByRole("button", { name: /^Accept/ }).first()).toBeVisible();
  await check("invitations, pending");

  await page.goto("/access");
  await expect(page.getByRole("progressbar", { name: /shared images read in/ })).toBeVisible({
    timeout: 30_000,
  });
  await check("access, audit finished");

  // A change made through the dashboard, so the journal has an entry to show.
  const image = await images.create("alpha", `a11y-journal-${Date.now()}`, {
    visibility: "shared",
  });
  const invited = await inviteMembers(page.request, [
    { connection: owner.id, region: "RegionOne", imageId: image, memberId: projectId("gamma") },
  ]);
  expect(invited.results[0]?.ok, invited.body).toBe(true);
  await page.goto("/journal");
  await expect(
    page.getByRole("row").filter({ hasText: image }).filter({ hasText: "member added" }),
  ).toBeVisible();
  await check("journal, with entries");

  // Rolling out a new version: the candidates, then the review of every member.
  const [old] = await openstackCli<{ ID: string }[]>("alpha", [
    "image",
    "list",
    "--name",
    "ubuntu-22.04-snapshot",
  ]);
  const next = `ubuntu-22.04-snapshot-a11y-${Date.now()}`;
  await images.create("alpha", next);
  await page.goto(
    `/rollout?${new URLSearchParams({ connection: owner.id, region: "RegionOne", image: old!.ID })}`,
  );
  await page.getByRole("radio", { name: new RegExp(`^${next}`) }).check();
  await expect(
    page.getByRole("table", { name: "Members of the old version and what happens to each" }),
  ).toBeVisible();
  await check("rollout, review");
  expect(found).toEqual([]);
});

test("every control of every page is reached with Tab, in a visible focus ring", async ({
  page,
}) => {
  await connectMembers(page, "alpha", "beta");
  const missed: string[] = [];
  for (const path of everyPage) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    // What a person can act on: visible, enabled controls in the tab order. A radio group and
    // a tab list are one stop each (arrow keys move inside them).
    const controls = await page.evaluate(() => {
      const key = (el: Element) =>
        el instanceof HTMLInputElement && el.type === "radio"
          ? `radio:${el.name}`
          : el.getAttribute("role") === "tab"
            ? `tablist:${el.closest("[role=tablist]")?.getAttribute("aria-label")}`
            : null;
      const all = [
        ...document.querySelectorAll<HTMLElement>(
          "a[href], button, input, select, textarea, summary, [tabindex]",
        ),
      ].filter(
        (el) =>
          el.checkVisibility({ visibilityProperty: true }) &&
          !(el as HTMLButtonElement).disabled &&
          el.tabIndex >= 0,
      );
      all.forEach((el, i) => (el.dataset.a11yControl = String(i)));
      return all.map((el, i) => ({
        id: String(i),
        group: key(el),
        name: `${el.tagName.toLowerCase()} "${(el.getAttribute("aria-label") ?? el.textContent ?? (el as HTMLInputElement).name ?? "").trim().slice(0, 40)}"`,
      }));
    });
    const reached = new Set<string>();
    const reachedGroups = new Set<string>();
    const covered = () =>
      controls.every((c) => reached.has(c.id) || (c.group && reachedGroups.has(c.group)));
    await page.locator("body").focus();
    // A date field takes three stops (day, month, year): room for more presses than controls.
    for (let i = 0; i < controls.length * 3 + 10 && !covered(); i++) {
      await page.keyboard.press("Tab");
      const focus = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        return {
          id: el.dataset.a11yControl ?? null,
          ring:
            (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) ||
            style.boxShadow !== "none",
        };
      });
      if (!focus?.id) continue;
      reached.add(focus.id);
      const group = controls[Number(focus.id)]!.group;
      if (group) reachedGroups.add(group);
      if (!focus.ring)
        missed.push(`${path}: ${controls[Number(focus.id)]!.name} has no visible focus`);
    }
    for (const c of controls)
      if (!reached.has(c.id) && !(c.group && reachedGroups.has(c.group)))
        missed.push(`${path}: ${c.name} is not reached by Tab`);
  }
  expect(missed).toEqual([]);
});

test("the dashboard follows the system's colour scheme: dark pages on a dark system, light ones on a light system", async ({
  page,
}) => {
  await connectAs(page, "alpha-member", "alpha");
  const luminance = () =>
    page.evaluate(() => {
      // The rendered colour of the page and of a table's panel, as relative luminance (0 black, 1 white).
      const canvas = document.createElement("canvas").getContext("2d")!;
      const of = (el: Element) => {
        canvas.fillStyle = getComputedStyle(el).backgroundColor;
        canvas.fillRect(0, 0, 1, 1);
        const [r, g, b] = [...canvas.getImageData(0, 0, 1, 1).data]
          .map((c) => c / 255)
          .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
      };
      return {
        page: of(document.body),
        panel: of(document.querySelector("table")!.parentElement!),
        text: getComputedStyle(document.body).color,
      };
    });
  await page.goto("/images");
  await expect(page.getByRole("row").nth(1)).toBeVisible();
  const light = await luminance();
  await page.emulateMedia({ colorScheme: "dark" });
  const dark = await luminance();
  expect(light.page).toBeGreaterThan(0.8);
  expect(light.panel).toBeGreaterThan(0.8);
  expect(dark.page).toBeLessThan(0.05);
  expect(dark.panel).toBeLessThan(0.05);
  expect(dark.text).not.toEqual(light.text);
});

test("long work is announced to screen readers: a share run's progress and outcome, an audit's progress and total", async ({
  page,
}) => {
  const heard = await listenForAnnouncements(page);
  await connectMembers(page, "alpha", "beta");
  const name = `a11y-live-${Date.now()}`;
  await images.create("alpha", name);
  await page.goto(`/images?q=${name}`);
  await page.getByRole("checkbox", { name: `Select ${name} (alpha, RegionOne)` }).check();
  await page.getByRole("button", { name: "Share 1 selected" }).click();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("checkbox", { name: /^beta/ }).check();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Share 1 invitation" }).click();
  await expect(toast(page, "1 invited · 0 already members · 0 failed")).toBeVisible();
  await expect
    .poll(heard)
    .toEqual(
      expect.arrayContaining([
        "Done: 1 of 1 invitations",
        "1 invited · 0 already members · 0 failed",
      ]),
    );

  await page.goto("/access");
  await expect(page.getByRole("progressbar", { name: /shared images read in/ })).toBeVisible({
    timeout: 30_000,
  });
  await expect
    .poll(heard)
    .toEqual(
      expect.arrayContaining([expect.stringMatching(/^\d+ shared images read in [\d.]+ s$/)]),
    );
});

test("with reduced motion asked for, nothing on the page moves", async ({ page }) => {
  await page.emulateMedia({ reducedMotion: "reduce" });
  await connectAs(page, "alpha-member", "alpha");
  await page.goto("/images");
  await expect(page.getByRole("row").nth(1)).toBeVisible();
  const moving = await page.evaluate(
    () =>
      [...document.querySelectorAll("*")]
        .map((el) => getComputedStyle(el))
        .filter(
          (s) =>
            parseFloat(s.transitionDuration) > 0.001 ||
            (s.animationName !== "none" && parseFloat(s.animationDuration) > 0.001),
        ).length,
  );
  expect(moving).toBe(0);
});
