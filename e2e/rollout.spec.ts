import type { Page } from "@playwright/test";

import { connectAs, connectMembers } from "./support/api";
import { addMember, answerInvitation, updateImage } from "./support/glance";
import { openstackCli, projectId } from "./support/local-cloud";
import { cliMembers, rowWith, throwawayImages, toast } from "./support/sharing";
import { expect, test } from "./support/test";

const images = throwawayImages();
const betaId = projectId("beta");
const gammaId = projectId("gamma");

// The CLI prints os_hidden among the properties.
type CliImage = { id: string; visibility: string; properties: Record<string, string | boolean> };
const cliImage = (as: string, id: string) => openstackCli<CliImage>(as, ["image", "show", id]);

/** The audit's rows of one image (its row header starts with the name; a newer version's mentions it after). */
const auditRows = (page: Page, name: string) =>
  page.getByRole("row").filter({
    has: page.getByRole("rowheader", {
      name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(\\s|$)`),
    }),
  });

test("a new version of ubuntu-22.04-snapshot is rolled out to its accepted and pending members, the old one hidden; run again, nothing changes; the consumer accepts it as the new version and rejects the old one", async ({
  page,
}) => {
  const [old] = await openstackCli<{ ID: string }[]>("alpha", [
    "image",
    "list",
    "--name",
    "ubuntu-22.04-snapshot",
  ]);
  const oldId = old!.ID;
  const nextName = `ubuntu-22.04-snapshot-${new Date().toISOString().slice(0, 10)}-${Date.now() % 100_000}`;
  const nextId = await images.create("alpha", nextName);
  expect(await cliMembers("alpha", oldId)).toEqual({ [betaId]: "pending", [gammaId]: "accepted" });
  const [alpha] = await connectMembers(page, "alpha", "gamma", "beta");

  try {
    // The owner, from the old version's page.
    await page.goto(
      `/images/${oldId}?${new URLSearchParams({ connection: alpha.id, region: "RegionOne" })}`,
    );
    await page.getByRole("link", { name: "Roll out a new version" }).click();
    await expect(
      page.getByRole("heading", { level: 1, name: "Roll out a new version" }),
    ).toBeVisible();
    const candidate = page.getByRole("radio", {
      name: new RegExp(`^${nextName}.*suggested: same name`),
    });
    await candidate.check();
    await page
      .getByRole("checkbox", { name: /Also invite the projects that have not answered/ })
      .check();
    await expect(page.getByRole("checkbox", { name: /Hide the old version/ })).toBeChecked();
    const table = page.getByRole("table", {
      name: "Members of the old version and what happens to each",
    });
    await expect(rowWith(page, gammaId).filter({ has: page.getByText("accepted") })).toContainText(
      "invite",
    );
    await expect(table.getByRole("row").filter({ hasText: betaId })).toContainText("pending");
    await expect(page.getByLabel("openstack commands", { exact: true })).toContainText(
      `image set --property predecessor_id=${oldId} ${nextId}`,
    );
    await page.getByRole("button", { name: `Roll out ${nextName}` }).click();
    await expect(toast(page, /^Rolled out: \d+ steps done\.$/)).toBeVisible({ timeout: 30_000 });

    // What Glance says happened.
    const [next, nextMembers, old, oldMembers] = await Promise.all([
      cliImage("alpha", nextId),
      cliMembers("alpha", nextId),
      cliImage("alpha", oldId),
      cliMembers("alpha", oldId),
    ]);
    expect(next.visibility).toBe("shared");
    expect(next.properties.predecessor_id).toBe(oldId);
    expect(nextMembers).toEqual({
      [betaId]: "pending",
      [gammaId]: "pending",
    });
    expect(old.properties.os_hidden).toBe(true);
    expect(oldMembers).toEqual({
      [betaId]: "pending",
      [gammaId]: "accepted",
    });

    // Run again: everything is done already, so nothing is offered and nothing changes.
    await page.reload();
    await page.getByRole("radio", { name: new RegExp(`^${nextName}`) }).check();
    await page
      .getByRole("checkbox", { name: /Also invite the projects that have not answered/ })
      .check();
    await expect(
      toast(page, "Nothing left to do: this version has been rolled out."),
    ).toBeVisible();
    await expect(page.getByRole("button", { name: `Roll out ${nextName}` })).toHaveCount(0);
    expect(await cliMembers("alpha", nextId)).toEqual({
      [betaId]: "pending",
      [gammaId]: "pending",
    });

    // The consumer that uses the old version is offered the new one as such.
    await page.goto("/invitations");
    const offer = rowWith(page, nextName).filter({ hasText: "gamma" });
    await expect(offer).toContainText("New version of ubuntu-22.04-snapshot");
    // beta never accepted the old version: its invitation is a plain one, and the old image still shows, marked hidden.
    await expect(rowWith(page, nextName).filter({ hasText: "beta" })).not.toContainText(
      "New version of",
    );
    await expect(
      rowWith(page, "ubuntu-22.04-snapshot")
        .filter({ hasText: "beta" })
        .filter({ hasNotText: nextName }),
    ).toContainText("hidden");
    await page
      .getByRole("button", { name: `Accept ${nextName} and reject ubuntu-22.04-snapshot as gamma` })
      .click();
    await expect(toast(page, "Rejected the old version, ubuntu-22.04-snapshot.")).toBeVisible();
    const [nextAnswered, oldAnswered] = await Promise.all([
      cliMembers("alpha", nextId),
      cliMembers("alpha", oldId),
    ]);
    expect(nextAnswered).toEqual({
      [betaId]: "pending",
      [gammaId]: "accepted",
    });
    expect(oldAnswered).toEqual({
      [betaId]: "pending",
      [gammaId]: "rejected",
    });

    // The audit shows the chain, and the hidden old version.
    await page.goto("/access");
    await expect(page.getByRole("progressbar", { name: /shared images read in/ })).toBeVisible({
      timeout: 30_000,
    });
    await expect(auditRows(page, nextName).first()).toContainText(
      "new version of ubuntu-22.04-snapshot",
    );
    await expect(
      auditRows(page, "ubuntu-22.04-snapshot").filter({ hasText: betaId }),
    ).toContainText("hidden from image lists");
  } finally {
    // Give the seeded image back its state for the specs after this one.
    await updateImage("alpha", oldId, { os_hidden: false });
    await answerInvitation("gamma", oldId, gammaId, "accepted");
    await images.cleanup();
  }
});

test("a member on the old version only is flagged in the audit", async ({ page }) => {
  const stamp = Date.now();
  const oldId = await images.create("alpha", `golden-${stamp}-1`, { visibility: "shared" });
  const nextId = await images.create("alpha", `golden-${stamp}-2`, { visibility: "shared" });
  await Promise.all([
    updateImage("alpha", nextId, { predecessor_id: oldId }),
    addMember("alpha", oldId, gammaId),
    addMember("alpha", nextId, gammaId),
  ]);
  await answerInvitation("gamma", oldId, gammaId, "accepted");
  await connectAs(page, "alpha-member", "alpha");
  try {
    await page.goto("/access");
    await expect(page.getByRole("progressbar", { name: /shared images read in/ })).toBeVisible({
      timeout: 30_000,
    });
    await expect(auditRows(page, `golden-${stamp}-1`)).toContainText(
      `replaced by golden-${stamp}-2`,
    );
    await expect(auditRows(page, `golden-${stamp}-1`)).toContainText("on the old version only");
    await expect(auditRows(page, `golden-${stamp}-2`)).toContainText("new version of");
    await expect(auditRows(page, `golden-${stamp}-2`)).not.toContainText("on the old version only");
  } finally {
    await images.cleanup();
  }
});

test("a rollout goes on when its tab is closed: the members move to the new version and leave the old one, which is hidden, and the CLI agrees", async ({
  browser,
}) => {
  const stamp = Date.now();
  const oldId = await images.create("alpha", `closed-tab-app-${stamp}-v1`, {
    visibility: "shared",
  });
  await addMember("alpha", oldId, betaId);
  await addMember("alpha", oldId, gammaId);
  await answerInvitation("gamma", oldId, gammaId, "accepted");
  // Made after the old one: a candidate for its new version.
  const nextName = `closed-tab-app-${stamp}-v2`;
  const nextId = await images.create("alpha", nextName);

  try {
    const page = await (await browser.newContext()).newPage();
    const alpha = await connectAs(page, "alpha-member", "alpha");
    await page.goto(
      `/images/${oldId}?${new URLSearchParams({ connection: alpha.id, region: "RegionOne" })}`,
    );
    await page.getByRole("link", { name: "Roll out a new version" }).click();
    await page.getByRole("radio", { name: new RegExp(`^${nextName}`) }).check();
    await page
      .getByRole("checkbox", { name: /Also invite the projects that have not answered/ })
      .check();
    await page.getByRole("checkbox", { name: /Remove each project from the old version/ }).check();
    const started = page.waitForResponse(
      (r) => r.url().endsWith("/api/rollout/runs") && r.request().method() === "POST",
    );
    await page.getByRole("button", { name: `Roll out ${nextName}` }).click();
    expect((await started).status()).toBe(200);
    await page.context().close();

    // Nobody watches: the server invites both, then removes them from the old one, then hides it.
    await expect
      .poll(async () => (await cliImage("alpha", oldId)).properties.os_hidden, { timeout: 30_000 })
      .toBe(true);
    const [nextMembers, oldMembers, next] = await Promise.all([
      cliMembers("alpha", nextId),
      cliMembers("alpha", oldId),
      cliImage("alpha", nextId),
    ]);
    expect(nextMembers).toEqual({
      [betaId]: "pending",
      [gammaId]: "pending",
    });
    expect(oldMembers).toEqual({});
    expect(next).toMatchObject({ visibility: "shared", properties: { predecessor_id: oldId } });
  } finally {
    await images.cleanup();
  }
});
