import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import type { Browser, Page } from "@playwright/test";

import { DashboardServer } from "../scripts/testing/dashboard-server";
import { connectAs, connectWithPassword } from "./support/api";
import { addMember, answerInvitation } from "./support/glance";
import { projectId } from "./support/local-cloud";
import { cliMembers, rowWith, throwawayImages, toast } from "./support/sharing";
import { expect, test } from "./support/test";

// Glance's member quota is one setting per Glance: RegionTwo's runs with 3 during this file.
const QUOTA = 3;
const restartRegionTwo = (quota?: number) =>
  execFileSync("bash", ["scripts/local-cloud", "restart-glance", "1"], {
    env: { ...process.env, GLANCE_MEMBER_QUOTA: quota === undefined ? "" : String(quota) },
    stdio: "pipe",
  });

const images = throwawayImages();
const betaId = projectId("beta");
const gammaId = projectId("gamma");
const partnerId = projectId("partner");
const lab1Id = projectId("lab-01");
const lab2Id = projectId("lab-02");

// A second dashboard that knows the local cloud's quota (clouds.yaml `image_member_quota`),
// beside the main test server, which assumes Glance's default of 128.
const work = mkdtempSync(path.join(tmpdir(), "glance-share-quota-"));
const cloudsYaml = path.join(work, "clouds.yaml");
writeFileSync(
  cloudsYaml,
  `clouds:\n  local:\n    auth:\n      auth_url: http://127.0.0.1:5000/v3\n    image_member_quota: ${QUOTA}\n`,
);
const knowing = new DashboardServer(3195, {
  PATH: process.env.PATH,
  NODE_ENV: "production",
  SESSION_SECRET: "quota-test-secret-6d2b9f4e1a8c3e7b5d0f2a9c",
  APP_ORIGIN: "http://127.0.0.1:3195",
  GLANCE_SHARE_PRESETS: "",
  OS_CLIENT_CONFIG_FILE: cloudsYaml,
  GLANCE_SHARE_DATA_DIR: work,
});

test.beforeAll(async () => {
  restartRegionTwo(QUOTA);
  await knowing.start();
});
test.afterAll(async () => {
  await knowing.stop();
  restartRegionTwo();
  rmSync(work, { recursive: true, force: true });
});
test.afterEach(() => images.cleanup());

/** A page of the dashboard that knows the quota, with alpha connected. */
async function knowingPage(browser: Browser): Promise<{ page: Page; alpha: { id: string } }> {
  const context = await browser.newContext({ baseURL: knowing.origin });
  const page = await context.newPage();
  return {
    page,
    alpha: await connectWithPassword(
      page.request,
      "alpha-member",
      "alpha",
      "Default",
      knowing.origin,
    ),
  };
}

/**
 * A shared image in RegionTwo with these members (pending), each invited in a later second
 * than the one before (Glance's times are to the second): the first is the longest-standing.
 */
async function sharedImage(name: string, members: string[]): Promise<string> {
  const id = await images.create("alpha", name, { visibility: "shared", region: "RegionTwo" });
  for (const [i, member] of members.entries()) {
    if (i > 0) await new Promise((r) => setTimeout(r, 1_050 - (Date.now() % 1_000)));
    await addMember("alpha", id, member, "RegionTwo");
  }
  return id;
}

test("the wizard counts an image's members against the cloud's quota before inviting, and invites only those that fit", async ({
  browser,
}) => {
  const name = `quota-wizard-${Date.now()}`;
  const imageId = await sharedImage(name, [betaId]);
  const { page, alpha } = await knowingPage(browser);

  await page.goto(`/share?connection=${alpha.id}&images=RegionTwo:${imageId}`);
  await expect(page.getByText(`Selected: ${name} (RegionTwo)`)).toBeVisible();
  await page.getByRole("button", { name: "Next" }).click();
  await page
    .getByRole("textbox", { name: "Project ids" })
    .fill([gammaId, partnerId, lab1Id].join("\n"));
  await page.getByRole("button", { name: "Next" }).click();
  await expect(
    page.getByRole("region", { name: "Review before sharing" }).getByRole("note"),
  ).toHaveText(
    `Member quota: ${name} (RegionTwo) has room for 2 of 3 new members: this cloud allows 3 per image and it has 1 (pending and rejected ones count too). Not invited: ${lab1Id}.`,
  );
  await page.getByRole("button", { name: "Share 2 invitations" }).click();
  await expect(toast(page, "2 invited · 0 already members · 0 failed")).toBeVisible();
  await expect(toast(page, "Not invited: over the member quota")).toContainText(
    `${lab1Id} to ${name} (RegionTwo)`,
  );

  expect(await cliMembers("alpha", imageId, "RegionTwo")).toEqual({
    [betaId]: "pending",
    [gammaId]: "pending",
    [partnerId]: "pending",
  });
});

test("Glance's own refusal of a fourth member is reported as the member quota, not as a generic error", async ({
  page,
}) => {
  const name = `quota-full-${Date.now()}`;
  const imageId = await sharedImage(name, [betaId, gammaId, partnerId]);
  // The main test server assumes Glance's default quota, so it sends the invitation and Glance refuses it.
  const alpha = await connectAs(page, "alpha-member", "alpha");

  await page.goto(`/share?connection=${alpha.id}&images=RegionTwo:${imageId}`);
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("textbox", { name: "Project ids" }).fill(lab1Id);
  await page.getByRole("button", { name: "Next" }).click();
  await expect(
    page.getByRole("region", { name: "Review before sharing" }).getByRole("note"),
  ).toHaveCount(0);
  await page.getByRole("button", { name: "Share 1 invitation" }).click();
  await expect(toast(page, "0 invited · 0 already members · 1 failed")).toBeVisible();
  await expect(rowWith(page, lab1Id)).toContainText(
    "failed: The image's member quota is full: this cloud's Glance allows at most 3 members per image (image_member_quota), and pending and rejected members count too.",
  );

  expect(await cliMembers("alpha", imageId, "RegionTwo")).toEqual({
    [betaId]: "pending",
    [gammaId]: "pending",
    [partnerId]: "pending",
  });
});

test("a rollout invites only as many projects as the new version has room for; the others keep the old version", async ({
  browser,
}) => {
  const stamp = Date.now();
  const oldId = await sharedImage(`quota-roll-${stamp}-v1`, [betaId, gammaId]);
  await Promise.all(
    ["beta", "gamma"].map((consumer) =>
      answerInvitation(consumer, oldId, projectId(consumer), "accepted", "RegionTwo"),
    ),
  );
  const nextName = `quota-roll-${stamp}-v2`;
  const nextId = await sharedImage(nextName, [lab1Id, lab2Id]);
  const { page, alpha } = await knowingPage(browser);

  await page.goto(
    `/images/${oldId}?${new URLSearchParams({ connection: alpha.id, region: "RegionTwo" })}`,
  );
  await page.getByRole("link", { name: "Roll out a new version" }).click();
  await page.getByRole("radio", { name: new RegExp(`^${nextName}`) }).check();
  await page.getByRole("checkbox", { name: /Remove each project from the old version/ }).check();
  await expect(page.getByRole("note")).toContainText(
    "Member quota: the new version has room for 1 of 2 projects: this cloud allows 3 members per image and it has 2",
  );
  const table = page.getByRole("table", {
    name: "Members of the old version and what happens to each",
  });
  // beta was invited to the old version first: when only one fits, it goes.
  await expect(table.getByRole("row").filter({ hasText: betaId })).toContainText(
    "invite, then removed from the old",
  );
  await expect(table.getByRole("row").filter({ hasText: gammaId })).toContainText(
    "not invited: member quota full",
  );
  await page.getByRole("button", { name: `Roll out ${nextName}` }).click();
  await expect(toast(page, /^Rolled out: \d+ steps done\.$/)).toBeVisible({ timeout: 30_000 });

  const [nextMembers, oldMembers] = await Promise.all([
    cliMembers("alpha", nextId, "RegionTwo"),
    cliMembers("alpha", oldId, "RegionTwo"),
  ]);
  expect(nextMembers).toEqual({
    [lab1Id]: "pending",
    [lab2Id]: "pending",
    [betaId]: "pending",
  });
  // gamma was not moved, so it keeps its access to the old version.
  expect(oldMembers).toEqual({ [gammaId]: "accepted" });
});
