import { readFile } from "node:fs/promises";

import { connectMembers, connectWithPassword, inviteMembers } from "./support/api";
import { parseCsv } from "./support/csv";
import { cloud, openstackCli, projectId } from "./support/local-cloud";
import { openOwnedImage, rowWith, throwawayImages, toast } from "./support/sharing";
import { expect, test } from "./support/test";

const images = throwawayImages();
test.afterEach(() => images.cleanup());

const betaId = projectId("beta");

test("changes made in the dashboard appear in the journal with the user who made them, failures with Glance's reason; CSV holds the same", async ({
  page,
  browser,
}) => {
  const name = `journal-${Date.now()}`;
  const imageId = await images.create("alpha", name, { visibility: "shared" });
  const privateId = await images.create("alpha", `${name}-private`);
  const [alpha] = await connectMembers(page, "alpha", "beta");

  // Owner invites beta from the member table; beta accepts under Invitations.
  await openOwnedImage(page, name);
  await page.getByRole("checkbox", { name: /^beta/ }).check();
  await page.getByRole("button", { name: "Invite 1 project" }).click();
  await expect(toast(page, `Invited 1 project to ${name}`)).toBeVisible();
  await page.goto("/invitations");
  await rowWith(page, name)
    .getByRole("button", { name: `Accept ${name} as beta` })
    .click();
  await expect(toast(page, `Accepted ${name}.`)).toBeVisible();
  // Inviting an existing member changes nothing in Glance, and adds nothing to the journal.
  const again = await inviteMembers(page.request, [
    { connection: alpha.id, region: "RegionOne", imageId, memberId: betaId },
  ]);
  expect(again.results[0]!.outcome).toBe("existing");
  // A refused change is journaled too: Glance gives private images no members.
  const refused = await inviteMembers(page.request, [
    { connection: alpha.id, region: "RegionOne", imageId: privateId, memberId: betaId },
  ]);
  expect(refused.results[0]).toMatchObject({ ok: false, error: { code: "not_shared" } });
  expect(await openstackCli<unknown[]>("alpha", ["image", "member", "list", imageId])).toHaveLength(
    1,
  );

  await page.goto("/journal");
  await page.getByLabel("Image").fill(imageId);
  const rows = page
    .getByRole("table", { name: "Journal entries" })
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader") });
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("beta-member");
  await expect(rows.nth(0)).toContainText(cloud.users["beta-member"]!.id);
  await expect(rows.nth(0)).toContainText("accepted");
  await expect(rows.nth(1)).toContainText("alpha-member");
  await expect(rows.nth(1)).toContainText(cloud.users["alpha-member"]!.id);
  await expect(rows.nth(1)).toContainText("member added");
  await expect(rows.nth(1)).toContainText(betaId);
  for (const row of [rows.nth(0), rows.nth(1)]) await expect(row).toContainText("ok");

  await page.getByLabel("Image").fill(privateId);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("failed");
  await expect(rows.first()).toContainText(`Not allowed to create members for image ${privateId}`);

  await page.getByLabel("Image").fill(imageId);
  await expect(rows).toHaveCount(2);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Export CSV" }).click(),
  ]);
  const csv = parseCsv(await readFile((await download.path())!, "utf8"));
  expect(csv[0]).toEqual([
    "Time",
    "User",
    "User ID",
    "Project",
    "Project ID",
    "Region",
    "Image",
    "Image ID",
    "Member ID",
    "Action",
    "Outcome",
    "Error",
  ]);
  expect(csv.slice(1).map((c) => c.slice(1, 2).concat(c.slice(9, 11)))).toEqual([
    ["beta-member", "accepted", "ok"],
    ["alpha-member", "member added", "ok"],
  ]);

  // Another browser with only gamma connected sees none of alpha's or beta's entries.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await connectWithPassword(otherPage.request, "gamma-member", "gamma");
  await otherPage.goto("/journal");
  await otherPage.getByLabel("Image").fill(imageId);
  await expect(
    otherPage.getByText("No change recorded for these projects and filters."),
  ).toBeVisible();
  const api = await otherPage.request.get(`/api/journal?project=${projectId("alpha")}`);
  expect((await api.json()).entries).toEqual([]);
  await other.close();
});
