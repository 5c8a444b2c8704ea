import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { connectWithPassword } from "./support/api";
import { openstackCli, openstackCliQuiet } from "./support/local-cloud";
import { rowWith } from "./support/sharing";
import { expect, test } from "./support/test";

type CliImage = { id: string; status: string; size: number; checksum: string; disk_format: string; container_format: string; tags: string[]; properties: Record<string, string> };

const work = mkdtempSync(path.join(tmpdir(), "glance-share-transfers-e2e-"));
const made: { as: string; region: string; id: string }[] = [];
test.afterEach(async () => {
  for (const m of made.splice(0)) {
    await openstackCliQuiet(m.as, ["--os-region-name", m.region, "image", "set", "--unprotected", m.id]).catch(() => undefined);
    await openstackCliQuiet(m.as, ["--os-region-name", m.region, "image", "delete", m.id]).catch(() => undefined);
  }
});
test.afterAll(() => rmSync(work, { recursive: true, force: true }));

/** An image of alpha's in RegionOne with these bytes, made with the CLI. */
async function alphaImage(name: string, data: Buffer, extra: string[] = []): Promise<string> {
  const file = path.join(work, `${name}.img`);
  writeFileSync(file, data);
  const image = await openstackCli<{ id: string }>("alpha", [
    "image", "create", name, "--disk-format", "qcow2", "--container-format", "bare", "--file", file,
    "--tag", "golden", "--property", "hw_disk_bus=scsi", "--min-disk", "2", ...extra,
  ]);
  made.push({ as: "alpha", region: "RegionOne", id: image.id });
  return image.id;
}

/** What `openstack image save` writes for an image. */
async function cliSave(as: string, region: string, id: string): Promise<Buffer> {
  const file = path.join(work, `${id}.saved`);
  await openstackCliQuiet(as, ["--os-region-name", region, "image", "save", "--file", file, id]);
  return readFileSync(file);
}

async function openCopyPanel(page: Page, connection: string, imageId: string, name: string) {
  await page.goto(`/images/${imageId}?connection=${connection}&region=RegionOne`);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await page.getByRole("button", { name: "Copy to…" }).click();
}

const transfersTable = (page: Page, name: string) => page.getByRole("table", { name: `Transfers of ${name}` });

test("copies alpha's image to beta in the same region and to partner in the other region: the CLI shows the same hash, formats, properties and bytes", async ({ page }) => {
  const alpha = await connectWithPassword(page.request, "alpha-member", "alpha");
  await connectWithPassword(page.request, "beta-member", "beta");
  await connectWithPassword(page.request, "partner-member", "partner", "partner");
  const name = `transfer-e2e-${Date.now()}`;
  const data = randomBytes(3 * 2 ** 20 + 11);
  const imageId = await alphaImage(name, data);

  await openCopyPanel(page, alpha.id, imageId, name);
  await page.getByRole("checkbox", { name: "beta · RegionOne" }).check();
  await page.getByRole("checkbox", { name: "partner · RegionTwo" }).check();
  const review = page.getByRole("region", { name: "Review before copying" });
  await expect(review).toContainText("3.0 MiB to each of 2 places");
  await expect(review).toContainText("disk format qcow2, container format bare, min disk 2 GB");
  await review.getByText("The same with the openstack CLI").click();
  await expect(review.locator("pre")).toContainText(`image save --file ${name}.qcow2 ${imageId}`);
  await page.getByRole("button", { name: "Copy to 2 places" }).click();

  const table = transfersTable(page, name);
  await expect(rowWith(page, "beta (RegionOne)").filter({ hasText: "Verified" })).toHaveCount(1, { timeout: 30_000 });
  await expect(rowWith(page, "partner (RegionTwo)").filter({ hasText: "Verified" })).toHaveCount(1, { timeout: 30_000 });

  const source = await openstackCli<CliImage>("alpha", ["image", "show", imageId]);
  await expect(table.getByText(source.properties.os_hash_value!)).toHaveCount(2);
  const copies = await openstackCli<{ ID: string }[]>("beta", ["image", "list", "--property", `glance_share_source_image=${imageId}`]);
  const partnerCopies = await openstackCli<{ ID: string }[]>("partner", ["image", "list", "--property", `glance_share_source_image=${imageId}`], "RegionTwo");
  expect(copies).toHaveLength(1);
  expect(partnerCopies).toHaveLength(1);
  for (const [as, region, id] of [["beta", "RegionOne", copies[0]!.ID], ["partner", "RegionTwo", partnerCopies[0]!.ID]] as const) {
    made.push({ as, region, id });
    const copy = await openstackCli<CliImage>(as, ["image", "show", id], region);
    expect(copy).toMatchObject({ status: "active", size: data.length, checksum: source.checksum, disk_format: "qcow2", container_format: "bare", tags: ["golden"] });
    expect(copy.properties).toMatchObject({ os_hash_value: source.properties.os_hash_value, hw_disk_bus: "scsi", glance_share_source_region: "RegionOne" });
    expect((await cliSave(as, region, id)).equals(data)).toBe(true);
  }
  expect((await cliSave("alpha", "RegionOne", imageId)).equals(data)).toBe(true);

  // The Transfers page, reached from the navigation, lists them too.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Transfers/ }).click();
  await expect(page.getByRole("table", { name: "Transfers" }).getByRole("row").filter({ hasText: name })).toHaveCount(2);
});

test("moves an image after a second confirmation: the source is deleted only once the copy is verified", async ({ page }) => {
  const alpha = await connectWithPassword(page.request, "alpha-member", "alpha");
  await connectWithPassword(page.request, "beta-member", "beta");
  const name = `transfer-move-e2e-${Date.now()}`;
  const data = randomBytes(2 ** 20);
  const imageId = await alphaImage(name, data);

  await openCopyPanel(page, alpha.id, imageId, name);
  await page.getByRole("checkbox", { name: "beta · RegionTwo" }).check();
  await page.getByRole("checkbox", { name: /^Move/ }).check();
  await page.getByRole("button", { name: "Move to 1 place" }).click();
  const dialog = page.getByRole("dialog", { name: `Move ${name}?` });
  await expect(dialog).toContainText(`${imageId}) is deleted from alpha in RegionOne`);
  await dialog.getByRole("button", { name: `Move and then delete ${name}` }).click();

  await expect(page.getByText("The source was deleted after the copy was verified.")).toBeVisible({ timeout: 30_000 });
  const [copy] = await openstackCli<{ ID: string }[]>("beta", ["image", "list", "--property", `glance_share_source_image=${imageId}`], "RegionTwo");
  made.push({ as: "beta", region: "RegionTwo", id: copy!.ID });
  expect((await cliSave("beta", "RegionTwo", copy!.ID)).equals(data)).toBe(true);
  await expect(openstackCli("alpha", ["image", "show", imageId])).rejects.toThrow();
});

test("a protected image cannot be moved, and the page says why", async ({ page }) => {
  const alpha = await connectWithPassword(page.request, "alpha-member", "alpha");
  await connectWithPassword(page.request, "beta-member", "beta");
  const name = `transfer-protected-e2e-${Date.now()}`;
  const imageId = await alphaImage(name, randomBytes(1024), ["--protected"]);
  await openCopyPanel(page, alpha.id, imageId, name);
  await expect(page.getByRole("checkbox", { name: /^Move/ })).toBeDisabled();
  await expect(page.getByText("Cannot be moved: It is protected: Glance refuses to delete it.")).toBeVisible();
  expect((await openstackCli<CliImage>("alpha", ["image", "show", imageId])).status).toBe("active");
});
