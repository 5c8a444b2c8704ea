import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import type { Locator, Page } from "@playwright/test";

import { DashboardServer } from "../scripts/testing/dashboard-server";
import { apiCall, connectAs, connectMembers, connectWithPassword } from "./support/api";
import { createImage, deleteImage, updateImage, uploadData } from "./support/glance";
import {
  faithfulCopyOf,
  freezeGlance,
  imageBeingWritten,
  killGlance,
  openstackCli,
  openstackCliQuiet,
  projectId,
  startGlance,
  type CliImage,
} from "./support/local-cloud";
import { rowWith } from "./support/sharing";
import { expect, test } from "./support/test";

const work = mkdtempSync(path.join(tmpdir(), "glance-share-transfers-e2e-"));
const made: { as: string; region: string; id: string }[] = [];
test.afterEach(async () => {
  const results = await Promise.allSettled(
    made.splice(0).map((m) => deleteImage(m.as, m.id, m.region)),
  );
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
});
test.afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A private image of alpha's with these bytes (private: its copies are streamed through the dashboard). */
async function alphaImage(
  name: string,
  data: Buffer,
  extra: Record<string, unknown> = {},
  region = "RegionOne",
): Promise<string> {
  const id = await createImage(
    "alpha",
    {
      name,
      visibility: "private",
      disk_format: "qcow2",
      container_format: "bare",
      tags: ["golden"],
      hw_disk_bus: "scsi",
      min_disk: 2,
      ...extra,
    },
    region,
  );
  made.push({ as: "alpha", region, id });
  await uploadData("alpha", id, data, region);
  return id;
}

/** alpha and beta connected, and a private image of alpha's with these bytes (its name from `prefix`). */
async function alphaAndBeta(
  page: Page,
  prefix: string,
  data: Buffer,
  extra: Record<string, unknown> = {},
) {
  const [alpha] = await connectMembers(page, "alpha", "beta");
  const name = `${prefix}-${Date.now()}`;
  return { alpha, name, imageId: await alphaImage(name, data, extra) };
}

/** What `openstack image save` writes for an image. */
async function cliSave(as: string, region: string, id: string): Promise<Buffer> {
  const file = path.join(work, `${id}.saved`);
  await openstackCliQuiet(as, ["--os-region-name", region, "image", "save", "--file", file, id]);
  return readFileSync(file);
}

/** An image of alpha's and its one copy in beta's RegionTwo, as the CLI shows them (the copy is deleted after the test). */
async function sourceAndCopy(imageId: string): Promise<{ source: CliImage; copy: CliImage }> {
  const [source, [listed]] = await Promise.all([
    openstackCli<CliImage>("alpha", ["image", "show", imageId]),
    copiesOf(imageId),
  ]);
  made.push({ as: "beta", region: "RegionTwo", id: listed!.ID });
  const copy = await openstackCli<CliImage>("beta", ["image", "show", listed!.ID], "RegionTwo");
  return { source, copy };
}

/** The copies of an image in a project's region (beta's RegionTwo unless said), as the CLI lists them. */
const copiesOf = (imageId: string, as = "beta", region = "RegionTwo") =>
  openstackCli<{ ID: string; Status: string }[]>(
    as,
    ["image", "list", "--property", `glance_share_source_image=${imageId}`],
    region,
  );

async function openCopyPanel(page: Page, connection: string, imageId: string, name: string) {
  await page.goto(`/images/${imageId}?connection=${connection}&region=RegionOne`);
  // 30 s, not 5: a Glance a test has just restarted takes 2.5–4 s here to answer its first
  // request (each worker fetches its own Keystone token first), more on a slower machine.
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: "Copy to…" }).click();
}

const transfersTable = (page: Page, name: string) =>
  page.getByRole("table", { name: `Transfers of ${name}` });

test("copies alpha's image to beta in the same region and to partner in the other region: the CLI shows the same hash, formats, properties and bytes", async ({
  page,
}) => {
  const [alpha] = await connectMembers(page, "alpha", "beta");
  await connectAs(page, "partner-member", "partner", "partner");
  const name = `transfer-e2e-${Date.now()}`;
  const data = randomBytes(3 * 2 ** 20 + 11);
  const imageId = await alphaImage(name, data);

  await openCopyPanel(page, alpha.id, imageId, name);
  await page.getByRole("checkbox", { name: "beta · RegionOne" }).check();
  await page.getByRole("checkbox", { name: "partner · RegionTwo" }).check();
  const review = page.getByRole("region", { name: "Review before copying" });
  await expect(review).toContainText("3.0 MiB to each of 2 places");
  await expect(review).toContainText("disk format qcow2, container format bare, min disk 2 GB");
  // The local cloud's quotas are Keystone unified limits (the seed's defaults), as each Glance reports them.
  await expect(
    review.getByRole("list", { name: "Quota of each target" }).getByRole("listitem"),
  ).toHaveText([
    /^beta · RegionOne: \d+ of 1000000 MiB, \d+ of 100000 images used; the copy fits\.$/,
    /^partner · RegionTwo: \d+ of 1000000 MiB, \d+ of 100000 images used; the copy fits\.$/,
  ]);
  await review.getByText("The same with the openstack CLI").click();
  await expect(review.locator("pre")).toContainText(`image save --file ${name}.qcow2 ${imageId}`);
  await page.getByRole("button", { name: "Copy to 2 places" }).click();

  const table = transfersTable(page, name);
  await expect(rowWith(page, "beta (RegionOne)").filter({ hasText: "Verified" })).toHaveCount(1, {
    timeout: 60_000,
  });
  await expect(rowWith(page, "partner (RegionTwo)").filter({ hasText: "Verified" })).toHaveCount(
    1,
    { timeout: 60_000 },
  );

  // The CLI checks are independent of each other: they run side by side.
  const [source, copies, partnerCopies] = await Promise.all([
    openstackCli<CliImage>("alpha", ["image", "show", imageId]),
    copiesOf(imageId, "beta", "RegionOne"),
    copiesOf(imageId, "partner", "RegionTwo"),
  ]);
  await expect(table.getByText(source.properties.os_hash_value!)).toHaveCount(2);
  expect(copies).toHaveLength(1);
  expect(partnerCopies).toHaveLength(1);
  const checks = (
    [
      ["beta", "RegionOne", copies[0]!.ID],
      ["partner", "RegionTwo", partnerCopies[0]!.ID],
    ] as const
  ).map(async ([as, region, id]) => {
    made.push({ as, region, id });
    const [copy, saved] = await Promise.all([
      openstackCli<CliImage>(as, ["image", "show", id], region),
      cliSave(as, region, id),
    ]);
    expect(copy).toMatchObject({ ...faithfulCopyOf(source), size: data.length });
    expect(saved.equals(data)).toBe(true);
  });
  const [savedSource] = await Promise.all([cliSave("alpha", "RegionOne", imageId), ...checks]);
  expect(savedSource.equals(data)).toBe(true);

  // The Transfers page, reached from the navigation, lists them too.
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: /^Transfers/ })
    .click();
  await expect(
    page.getByRole("table", { name: "Transfers" }).getByRole("row").filter({ hasText: name }),
  ).toHaveCount(2);
});

test("copies images ticked in the image list in one go: each into the chosen place, verified, and the CLI shows the source's hash on each copy", async ({
  page,
}) => {
  const [alpha] = await connectMembers(page, "alpha", "beta");
  const prefix = `transfer-selection-e2e-${Date.now()}`;
  const names = [`${prefix}-a`, `${prefix}-b`];
  const data = [randomBytes(2 ** 20 + 7), randomBytes(2 ** 19)];
  const ids = [await alphaImage(names[0]!, data[0]!), await alphaImage(names[1]!, data[1]!)];

  await page.goto(`/images?connection=${alpha.id}&region=RegionOne&q=${prefix}`);
  for (const name of names)
    await page.getByRole("checkbox", { name: `Select ${name} (alpha, RegionOne)` }).check();
  await page.getByRole("button", { name: "Copy 2 selected to…" }).click();
  await expect(page).toHaveURL(/\/transfers\/new\?images=/);
  await expect(page.getByRole("heading", { level: 1, name: "Copy images" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Images to copy" }).getByRole("listitem")).toHaveText(
    [
      new RegExp(
        `^${names[0]} \\(alpha · RegionOne\\): 1\\.0 MiB, disk format qcow2, container format bare, min disk 2 GB, min RAM 0 MB, 1 tag, \\d+ propert`,
      ),
      new RegExp(
        `^${names[1]} \\(alpha · RegionOne\\): 512 KiB, disk format qcow2, container format bare, min disk 2 GB, min RAM 0 MB, 1 tag, \\d+ propert`,
      ),
    ],
  );
  // Several images keep their own names.
  await expect(page.getByRole("textbox", { name: "Name of the copies" })).toHaveCount(0);
  await page.getByRole("checkbox", { name: "beta · RegionTwo" }).check();
  const review = page.getByRole("region", { name: "Review before copying" });
  await expect(review).toContainText("in 2 images to each of 1 place (2 copies)");
  await review.getByText("The same with the openstack CLI").click();
  for (const [i, id] of ids.entries()) {
    await expect(review.locator("pre")).toContainText(`# ${names[i]}, through a disk`);
    await expect(review.locator("pre")).toContainText(
      `openstack --os-cloud alpha --os-region-name RegionOne image save --file ${names[i]}.qcow2 ${id}`,
    );
  }
  await page.getByRole("button", { name: "Copy to 1 place" }).click();

  const table = page.getByRole("table", { name: "Transfers of these images" });
  await expect(table.getByRole("row").filter({ hasText: "Verified" })).toHaveCount(2, {
    timeout: 60_000,
  });
  await Promise.all(
    ids.map(async (id, i) => {
      const { source, copy: shown } = await sourceAndCopy(id);
      expect(shown).toMatchObject({
        name: names[i],
        size: data[i]!.length,
        checksum: source.checksum,
      });
      expect(shown.properties.os_hash_value).toBe(source.properties.os_hash_value);
      await expect(table.getByText(source.properties.os_hash_value!)).toHaveCount(1);
    }),
  );
});

test("moves an image after a second confirmation: the source is deleted only once the copy is verified", async ({
  page,
}) => {
  const data = randomBytes(2 ** 20);
  const { alpha, name, imageId } = await alphaAndBeta(page, "transfer-move-e2e", data);

  await openCopyPanel(page, alpha.id, imageId, name);
  await page.getByRole("checkbox", { name: "beta · RegionTwo" }).check();
  await page.getByRole("checkbox", { name: /^Move/ }).check();
  await page.getByRole("button", { name: "Move to 1 place" }).click();
  const dialog = page.getByRole("dialog", { name: `Move ${name}?` });
  await expect(dialog).toContainText(`${name} (${imageId}) from alpha in RegionOne`);
  await dialog.getByRole("button", { name: `Move and then delete ${name}` }).click();

  await expect(page.getByText("The source was deleted after every copy was verified.")).toBeVisible(
    { timeout: 60_000 },
  );
  const [copy] = await copiesOf(imageId);
  made.push({ as: "beta", region: "RegionTwo", id: copy!.ID });
  await Promise.all([
    cliSave("beta", "RegionTwo", copy!.ID).then((saved) => expect(saved.equals(data)).toBe(true)),
    expect(openstackCli("alpha", ["image", "show", imageId])).rejects.toThrow(),
  ]);
});

test("a protected image cannot be moved, and the page says why", async ({ page }) => {
  const { alpha, name, imageId } = await alphaAndBeta(
    page,
    "transfer-protected-e2e",
    randomBytes(1024),
    { protected: true },
  );
  await openCopyPanel(page, alpha.id, imageId, name);
  await expect(page.getByRole("checkbox", { name: /^Move/ })).toBeDisabled();
  await expect(
    page.getByText("Cannot be moved: It is protected: Glance refuses to delete it."),
  ).toBeVisible();
  expect((await openstackCli<CliImage>("alpha", ["image", "show", imageId])).status).toBe("active");
});

test("an image made from an encrypted volume cannot be moved, by the page or the server; its copy leaves the key and signature behind, and the review says why", async ({
  page,
}) => {
  const [alpha, beta] = await connectMembers(page, "alpha", "beta");
  const name = `transfer-encrypted-e2e-${Date.now()}`;
  const data = randomBytes(2 ** 20);
  // What Cinder records on an image it uploads from an encrypted volume.
  const imageId = await alphaImage(name, data, {
    cinder_encryption_key_id: "3c4f1a52-9d0e-4b8a-a1f6-7e2d5c9b8a01",
    cinder_encryption_key_deletion_policy: "on_image_deletion",
  });
  // A signed image's keys, once its data is in (Glance checks a signature on upload, against a
  // certificate this cloud has no Barbican for).
  await updateImage("alpha", imageId, {
    img_signature: "c2lnbmF0dXJl",
    img_signature_hash_method: "SHA-256",
    img_signature_key_type: "RSA-PSS",
    img_signature_certificate_uuid: "0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5",
  });
  await openCopyPanel(page, alpha.id, imageId, name);
  await expect(page.getByRole("checkbox", { name: /^Move/ })).toBeDisabled();
  await expect(
    page.getByText(
      "Cannot be moved: It was made from an encrypted volume, and its encryption key (3c4f1a52-9d0e-4b8a-a1f6-7e2d5c9b8a01) is deleted with it",
    ),
  ).toBeVisible();
  // The server refuses it too, whatever a page sends.
  const moved = await apiCall(page.request, "POST", "/api/transfers", {
    images: [{ source: { connection: alpha.id, region: "RegionOne" }, imageId }],
    targets: [{ connection: beta.id, region: "RegionTwo" }],
    move: true,
  });
  expect(moved.status()).toBe(409);
  expect(await moved.text()).toContain("a moved copy could never be decrypted");

  await page.getByRole("checkbox", { name: "beta · RegionTwo" }).check();
  const left = page.getByRole("list", { name: "Properties left behind" });
  await expect(left.getByRole("listitem")).toHaveText([
    /^cinder_encryption_key_deletion_policy, cinder_encryption_key_id: the volume's encryption key is a secret of the source's project/,
    /^img_signature, img_signature_certificate_uuid, img_signature_hash_method, img_signature_key_type: the signature's certificate is a secret/,
  ]);
  await page.getByRole("button", { name: "Copy to 1 place" }).click();
  await expect(
    rowWith(page, "beta (RegionTwo)").getByText("Verified", { exact: true }),
  ).toBeVisible({ timeout: 60_000 });
  const { source, copy: shown } = await sourceAndCopy(imageId);
  expect(
    Object.keys(shown.properties).filter((k) => /^(cinder_encryption|img_signature)/.test(k)),
  ).toEqual([]);
  expect(shown.properties.hw_disk_bus).toBe("scsi");
  expect(shown.properties.os_hash_value).toBe(source.properties.os_hash_value);
  expect(source.status).toBe("active");
});

test("a target whose image quota is too small is refused in the review and at the start, with the figures its Glance reports, and nothing is made", async ({
  page,
}) => {
  const { alpha, name, imageId } = await alphaAndBeta(
    page,
    "transfer-quota-e2e",
    randomBytes(3 * 2 ** 20),
  );
  // beta's image quota in RegionTwo, lowered to 2 MiB for this test (Keystone unified limits, which Glance enforces).
  const limit = await openstackCli<{ id: string }>("admin", [
    "limit",
    "create",
    "--service",
    "glance",
    "--project",
    projectId("beta"),
    "--region",
    "RegionTwo",
    "--resource-limit",
    "2",
    "image_size_total",
  ]);
  try {
    await openCopyPanel(page, alpha.id, imageId, name);
    await page.getByRole("checkbox", { name: "beta · RegionTwo" }).check();
    const quota = page.getByRole("list", { name: "Quota of each target" }).getByRole("listitem");
    await expect(quota).toHaveText(
      /^beta · RegionTwo has [0-2] MiB left of its 2 MiB image quota; the copy needs 3 MiB\.$/,
    );
    await page.getByRole("button", { name: "Copy to 1 place" }).click();
    // 30 s: the start asks Glance for the quota again, and on the last CI run it had not answered after 5 s (the button still disabled, waiting).
    await expect(page.getByRole("alert").filter({ hasText: "Copy not started" })).toContainText(
      /beta \(RegionTwo\) has [0-2] MiB left of its 2 MiB image quota; the copy needs 3 MiB\./,
      {
        timeout: 30_000,
      },
    );
    expect(await copiesOf(imageId)).toEqual([]);
  } finally {
    await openstackCliQuiet("admin", ["limit", "delete", limit.id]);
  }
});

test("the review warns when a session the copies need ends first: a copy still running then would fail", async ({
  page,
}) => {
  const { alpha, name, imageId } = await alphaAndBeta(
    page,
    "transfer-session-e2e",
    randomBytes(1024),
  );
  // The browser's clock 55 minutes on: the one-hour Keystone sessions just made end in about 5.
  await page.clock.install({ time: Date.now() + 55 * 60_000 });
  await openCopyPanel(page, alpha.id, imageId, name);
  const review = page.getByRole("region", { name: "Review before copying" });
  await expect(review).not.toContainText("session ends");
  await page.getByRole("checkbox", { name: "beta · RegionTwo" }).check();
  await expect(review).toContainText(
    /alpha's session ends at .+ UTC, beta's session ends at .+ UTC, (soon|before these copies are likely done): a copy still running then fails/,
  );
  await expect(review.getByRole("link", { name: "Reconnect" })).toHaveAttribute(
    "href",
    "/projects",
  );
});

test("a target Glance that refuses the data fails the copy with its reason, and no copy is left", async ({
  page,
}) => {
  const restartRegionTwo = (cap?: number) =>
    execFileSync("bash", ["scripts/local-cloud", "restart-glance", "1"], {
      env: { ...process.env, GLANCE_IMAGE_SIZE_CAP: cap === undefined ? "" : String(cap) },
      stdio: "pipe",
    });
  const { alpha, name, imageId } = await alphaAndBeta(
    page,
    "transfer-refused-e2e",
    randomBytes(2 * 2 ** 20),
  );
  restartRegionTwo(2 ** 20);
  try {
    await openCopyPanel(page, alpha.id, imageId, name);
    await page.getByRole("checkbox", { name: "beta · RegionTwo" }).check();
    await page.getByRole("button", { name: "Copy to 1 place" }).click();
    const row = rowWith(page, "beta (RegionTwo)");
    await expect(row.getByText("Failed", { exact: true })).toBeVisible({ timeout: 60_000 });
    await expect(row).toContainText("The unfinished copy was deleted.");
    await expect(row).toContainText("refused the data");
    expect(await copiesOf(imageId)).toEqual([]);
  } finally {
    restartRegionTwo();
  }
});

/**
 * Starts copying a 128 MiB image of alpha's (RegionOne) into beta's RegionTwo through the
 * server (a private image: the relay), and returns once RegionTwo's Glance holds the first
 * 16 MiB of the copy: the moment a fault is to strike.
 */
async function relayUnderWay(page: Page, prefix: string) {
  const { alpha, name, imageId } = await alphaAndBeta(page, prefix, randomBytes(128 * 2 ** 20));
  await openCopyPanel(page, alpha.id, imageId, name);
  await page.getByRole("checkbox", { name: "beta · RegionTwo" }).check();
  await page.getByRole("button", { name: "Copy to 1 place" }).click();
  const firstCopy = await imageBeingWritten("RegionTwo", 16 * 2 ** 20);
  made.push({ as: "beta", region: "RegionTwo", id: firstCopy });
  return { imageId, firstCopy, row: rowWith(page, "beta (RegionTwo)") };
}

/**
 * Kills a region's Glance mid-copy, waits until the copy's row says what it does about
 * that, starts that Glance again, and waits for the copy to be verified.
 */
async function crashAndRestart(region: string, row: Locator, whileDown: string) {
  try {
    killGlance(region);
    await expect(row).toContainText(whileDown);
  } finally {
    startGlance(region);
  }
  await expect(row.getByText("Verified", { exact: true })).toBeVisible({ timeout: 60_000 });
}

test("the source's Glance stopped mid-copy and started again: the copy goes on from the byte it had reached, verified, and the CLI shows the source's hash", async ({
  page,
}) => {
  const { imageId, firstCopy, row } = await relayUnderWay(page, "transfer-source-restart-e2e");
  await crashAndRestart("RegionOne", row, "picking it up from there");
  await expect(row).toContainText(
    "Glance in RegionOne broke off sending the data once: the copy went on from the byte it had reached.",
  );

  // One copy, the one the relay started with, whole: Glance hashed what it received.
  const [source, copies, copy] = await Promise.all([
    openstackCli<CliImage>("alpha", ["image", "show", imageId]),
    copiesOf(imageId),
    openstackCli<CliImage>("beta", ["image", "show", firstCopy], "RegionTwo"),
  ]);
  expect(copies).toEqual([expect.objectContaining({ ID: firstCopy, Status: "active" })]);
  expect(copy).toMatchObject({ size: 128 * 2 ** 20, checksum: source.checksum });
  expect(copy.properties.os_hash_value).toBe(source.properties.os_hash_value);
  await expect(row).toContainText(source.properties.os_hash_value!);
});

test("the source's Glance stopped mid-copy for good: the copy fails saying so, and no copy is left", async ({
  page,
}) => {
  const { imageId, firstCopy, row } = await relayUnderWay(page, "transfer-source-gone-e2e");
  try {
    killGlance("RegionOne");
    await expect(row.getByText("Failed", { exact: true })).toBeVisible({ timeout: 60_000 });
    await expect(row).toContainText(
      /The source's Glance broke off after \d+ MiB of 128 MiB, and 4 tries to pick it up from there failed: Glance is unreachable/,
    );
    await expect(row).toContainText("The unfinished copy was deleted.");
    await expect(row).not.toContainText("picking it up from there");
    expect(await copiesOf(imageId)).toEqual([]);
    await expect(openstackCli("beta", ["image", "show", firstCopy], "RegionTwo")).rejects.toThrow();
  } finally {
    startGlance("RegionOne");
  }
});

test("the target's Glance stopped mid-upload: the copy starts over into a new image once it answers, verified, and the unfinished one is deleted", async ({
  page,
}) => {
  const { imageId, firstCopy, row } = await relayUnderWay(page, "transfer-target-restart-e2e");
  await crashAndRestart("RegionTwo", row, "starting over with a new copy once it answers");
  await expect(row).toContainText("Glance in RegionTwo broke off the upload at");
  await expect(row).toContainText("the copy started over, and the unfinished one was deleted.");

  const copies = await copiesOf(imageId);
  expect(copies).toHaveLength(1);
  const [copy] = copies;
  made.push({ as: "beta", region: "RegionTwo", id: copy!.ID });
  expect(copy!.ID).not.toBe(firstCopy);
  const [, source, shown] = await Promise.all([
    expect(openstackCli("beta", ["image", "show", firstCopy], "RegionTwo")).rejects.toThrow(),
    openstackCli<CliImage>("alpha", ["image", "show", imageId]),
    openstackCli<CliImage>("beta", ["image", "show", copy!.ID], "RegionTwo"),
  ]);
  expect(shown).toMatchObject({ status: "active", size: 128 * 2 ** 20, checksum: source.checksum });
  expect(shown.properties.os_hash_value).toBe(source.properties.os_hash_value);
  await expect(row.getByRole("link", { name: "Open the copy" })).toHaveAttribute(
    "href",
    new RegExp(copy!.ID),
  );
});

test("a server restarted mid-transfer: its janitor marks the transfer interrupted and deletes the unfinished copy as the person who started it", async ({
  browser,
}) => {
  // A dashboard of its own, restarted by this test; the same secret keeps the browser's sessions across the restart.
  const server = new DashboardServer(3196, {
    PATH: process.env.PATH,
    NODE_ENV: "production",
    SESSION_SECRET: "restart-test-secret-8c1e5a9d3f7b2e6a0d4c9f1b",
    APP_ORIGIN: "http://127.0.0.1:3196",
    GLANCE_SHARE_PRESETS: "local",
    OS_CLIENT_CONFIG_FILE: "",
    GLANCE_SHARE_DATA_DIR: path.join(work, "restart"),
    // A short lease: the janitor takes a dead server's jobs 3 s after their last heartbeat.
    GLANCE_SHARE_JOB_LEASE_SECONDS: "3",
  });
  await server.start();
  let resume: (() => void) | null = null;
  try {
    const page = await (await browser.newContext({ baseURL: server.origin })).newPage();
    const alpha = await connectWithPassword(
      page.request,
      "alpha-member",
      "alpha",
      "Default",
      server.origin,
    );
    const beta = await connectWithPassword(
      page.request,
      "beta-member",
      "beta",
      "Default",
      server.origin,
    );
    const name = `transfer-restart-e2e-${Date.now()}`;
    const imageId = await alphaImage(name, randomBytes(3 * 2 ** 20), {}, "RegionTwo");

    const started = await apiCall(
      page.request,
      "POST",
      "/api/transfers",
      {
        images: [{ source: { connection: alpha.id, region: "RegionTwo" }, imageId }],
        targets: [{ connection: beta.id, region: "RegionOne" }],
      },
      server.origin,
    );
    // The source's Glance stops answering: the relay waits on it with the copy made in beta.
    resume = freezeGlance("RegionTwo");
    expect(started.status(), await started.text()).toBe(200);
    let copyId: string | null = null;
    for (let i = 0; i < 50 && !copyId; i++) {
      const { transfers } = (await (
        await page.request.get(`${server.origin}/api/transfers`)
      ).json()) as { transfers: { target: { imageId: string | null } }[] };
      copyId = transfers[0]?.target.imageId ?? null;
      if (!copyId) await page.waitForTimeout(100);
    }
    expect(copyId).not.toBeNull();
    made.push({ as: "beta", region: "RegionOne", id: copyId! });
    expect((await openstackCli<CliImage>("beta", ["image", "show", copyId!])).status).not.toBe(
      "active",
    );

    await server.stop();
    resume();
    resume = null;
    await server.start();
    await page.goto("/transfers");
    const row = page
      .getByRole("table", { name: "Transfers" })
      .getByRole("row")
      .filter({ hasText: name });
    // The new server's janitor waits a whole lease of its own heartbeats, then finds it.
    await expect(row).toContainText("Interrupted", { timeout: 30_000 });
    await expect(row).toContainText("The server stopped while this copy ran");
    await expect(row).toContainText("The unfinished copy was deleted.");
    await expect(openstackCli("beta", ["image", "show", copyId!])).rejects.toThrow();
  } finally {
    resume?.();
    await server.stop();
  }
});

test("a copy into the same project's other region is made by Glance itself (glance-download), and the copy's page shows Glance's import", async ({
  page,
}) => {
  const alpha = await connectAs(page, "alpha-member", "alpha");
  const name = `transfer-gd-e2e-${Date.now()}`;
  const data = randomBytes(2 ** 20 + 7);
  const imageId = await alphaImage(name, data);

  await openCopyPanel(page, alpha.id, imageId, name);
  await page.getByRole("checkbox", { name: "alpha · RegionTwo" }).check();
  // The review gives the same copy by CLI too (run as shown by lib/transfers/commands.integration.test.ts).
  const review = page.getByRole("region", { name: "Review before copying" });
  await review.getByText("The same with the openstack CLI").click();
  await expect(review.locator("pre")).toContainText(
    "# or Glance to Glance into alpha · RegionTwo (glance-download, where its Glance offers it):",
  );
  await expect(review.locator("pre")).toContainText(
    `"name":"glance-download","glance_image_id":"${imageId}","glance_region":"RegionOne"`,
  );
  await page.getByRole("button", { name: "Copy to 1 place" }).click();
  const row = rowWith(page, "alpha (RegionTwo)");
  await expect(row).toContainText("Glance to Glance (glance-download)");
  await expect(row).toContainText("no image data passes through this server");
  await expect(row.getByText("Verified", { exact: true })).toBeVisible({ timeout: 60_000 });

  const [copy] = await copiesOf(imageId, "alpha", "RegionTwo");
  made.push({ as: "alpha", region: "RegionTwo", id: copy!.ID });
  const [source, shown, saved] = await Promise.all([
    openstackCli<CliImage>("alpha", ["image", "show", imageId]),
    openstackCli<CliImage>("alpha", ["image", "show", copy!.ID], "RegionTwo"),
    cliSave("alpha", "RegionTwo", copy!.ID),
  ]);
  await expect(row).toContainText(source.properties.os_hash_value!);
  expect(shown.properties.os_hash_value).toBe(source.properties.os_hash_value);
  expect(saved.equals(data)).toBe(true);

  await row.getByRole("link", { name: "Open the copy" }).click();
  const imports = page.getByRole("table", { name: "Imports of this image, newest first" });
  await expect(
    imports.getByRole("row").filter({ hasText: "glance-download" }).filter({ hasText: "success" }),
  ).toHaveCount(1);
});
