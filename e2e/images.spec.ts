import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

import { brokenImportSource } from "../scripts/testing/import-source";
import { connectAs, connectMembers } from "./support/api";
import { glanceAs } from "./support/glance";
import { openstackCli, openstackCliQuiet, projectId } from "./support/local-cloud";
import { rowsOf } from "./support/sharing";
import { expect, test } from "./support/test";

type CliLongImage = { ID: string; Name: string; Project: string };

/** `openstack image list --long` as a project in a region (Project is the owner). */
async function cliView(as: string, region: string, args: string[] = []) {
  return openstackCli<CliLongImage[]>(as, ["image", "list", "--long", ...args], region);
}

test("all connected projects and regions in one list: each tab holds what the CLI shows each project", async ({
  page,
}) => {
  await connectMembers(page, "alpha", "beta");
  await page.goto("/images");

  const expected = async (tab: "owned" | "invitations") => {
    const rows: string[] = [];
    for (const project of ["alpha", "beta"]) {
      for (const region of ["RegionOne", "RegionTwo"]) {
        const own = (i: CliLongImage) => i.Project === projectId(project);
        const list =
          tab === "owned"
            ? (await cliView(project, region)).filter(own)
            : (await cliView(project, region, ["--shared", "--member-status", "pending"])).filter(
                (i) => !own(i),
              );
        rows.push(...list.map((i) => `${i.Name} ${project} ${region}`));
      }
    }
    return rows.sort();
  };
  const shown = async () =>
    (
      await rowsOf(page).evaluateAll((rows) =>
        rows.map((r) => {
          const cells = r.querySelectorAll("th, td");
          const name = r.querySelector("th a")?.textContent ?? "";
          const where =
            [...cells].find((c) => /Region/.test(c.textContent ?? ""))?.textContent ?? "";
          return `${name} ${where.replace(/(Region\w+)/, " $1")}`.replace(/\s+/g, " ").trim();
        }),
      )
    ).sort();

  await expect(rowsOf(page).first()).toBeVisible();
  expect(await shown()).toEqual(await expected("owned"));

  // Arrow keys move between tabs, as in any tab list.
  await page.getByRole("tab", { name: "Owned" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("tab", { name: "Shared with me" })).toHaveAttribute(
    "aria-selected",
    "true",
  );
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("tab", { name: "Invitations" })).toBeFocused();
  await expect(page).toHaveURL(/tab=invitations/);
  await expect(page.getByText(/images? shown/)).toBeVisible();
  expect(await shown()).toEqual(await expected("invitations"));
});

test("search by part of a name, filter by visibility and disk format, sort, and one project in one region", async ({
  page,
}) => {
  const alpha = await connectAs(page, "alpha-member", "alpha");
  await page.goto(`/images?connection=${alpha.id}&region=RegionOne`);
  await expect(rowsOf(page)).toHaveCount(4);
  await expect(page.getByRole("columnheader", { name: "Project · region" })).toHaveCount(0);

  await page.getByRole("searchbox", { name: "Search" }).fill("SNAP");
  await expect(rowsOf(page)).toHaveCount(1);
  await expect(rowsOf(page).first()).toContainText("ubuntu-22.04-snapshot");
  await page.getByRole("searchbox", { name: "Search" }).fill("");

  await page.getByLabel("Visibility").selectOption("private");
  await expect(rowsOf(page)).toHaveCount(1);
  await expect(rowsOf(page).first()).toContainText("debian-12-hardened");
  await page.getByLabel("Visibility").selectOption("");
  await page.getByLabel("Disk format").selectOption("raw");
  await expect(rowsOf(page)).toHaveCount(1);
  await expect(rowsOf(page).first()).toContainText("nginx-proxy-2024.06");
  await page.getByLabel("Disk format").selectOption("");

  await page.getByLabel("Sort").selectOption("name:desc");
  await expect(rowsOf(page).first()).toContainText("ubuntu-22.04-snapshot");
  await expect(rowsOf(page).last()).toContainText("debian-12-hardened");

  // The address keeps the view: a reload shows the same list.
  await page.reload();
  await expect(page.getByLabel("Sort")).toHaveValue("name:desc");
  await expect(rowsOf(page).first()).toContainText("ubuntu-22.04-snapshot");

  await page.getByRole("searchbox", { name: "Search" }).fill("no-such-image");
  await expect(page.getByText("No image matches these filters.")).toBeVisible();
});

test("a project with 150 images: 100 at first, the rest with Load more; a search finds one beyond the first page", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const call = await glanceAs("gamma");
  const ids: string[] = [];
  const names = Array.from({ length: 150 }, (_, i) => `bulk-page-${String(i).padStart(3, "0")}`);
  for (let i = 0; i < names.length; i += 10) {
    const made = await Promise.all(
      names.slice(i, i + 10).map(async (name) => {
        const res = await call("/v2/images", {
          method: "POST",
          body: JSON.stringify({ name, disk_format: "raw", container_format: "bare" }),
        });
        return ((await res.json()) as { id: string }).id;
      }),
    );
    ids.push(...made);
  }
  try {
    const gamma = await connectAs(page, "gamma-member", "gamma");
    await page.goto(`/images?connection=${gamma.id}&region=RegionOne`);
    await expect(page.getByText("100 images shown · more available")).toBeVisible();
    await expect(rowsOf(page)).toHaveCount(100);
    await page.getByRole("button", { name: "Load more images" }).click();
    await expect(page.getByText("151 images shown")).toBeVisible(); // 150 + alpine-3.20-minimal
    await expect(page.getByRole("button", { name: "Load more images" })).toHaveCount(0);
    await expect(rowsOf(page).last()).toContainText("bulk-page-149");

    await page.getByRole("searchbox", { name: "Search" }).fill("page-142");
    await expect(rowsOf(page)).toHaveCount(1);
    await expect(rowsOf(page).first()).toContainText("bulk-page-142");
  } finally {
    for (let i = 0; i < ids.length; i += 10)
      await Promise.all(
        ids.slice(i, i + 10).map((id) => call(`/v2/images/${id}`, { method: "DELETE" })),
      );
  }
});

test("an image's page shows what a person checks before trusting it, as the CLI reports it", async ({
  page,
}) => {
  await connectAs(page, "beta-member", "beta");
  await page.goto("/images?tab=shared");
  await page.getByRole("link", { name: "pfsense-2.7.2-backup" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "pfsense-2.7.2-backup" })).toBeVisible();
  const id = new URL(page.url()).pathname.split("/").pop()!;
  const cli = await openstackCli<Record<string, unknown> & { properties: Record<string, string> }>(
    "beta",
    ["image", "show", id],
  );
  const facts = page.getByRole("region", { name: "Image details" });
  for (const value of [
    cli.id,
    cli.owner,
    cli.checksum,
    cli.disk_format,
    cli.container_format,
    cli.status,
    cli.properties.os_hash_algo,
    cli.properties.os_hash_value,
  ]) {
    expect(value).toBeTruthy();
    await expect(facts).toContainText(String(value));
  }
  await expect(facts).toContainText(`(${cli.size} bytes)`);
  await expect(facts).toContainText(`${cli.min_disk} GB`);
  await expect(facts).toContainText(`${cli.min_ram} MB`);
  await expect(facts).toContainText((cli.tags as string[]).join(", "));
  await expect(page.getByText("owned by a project not connected here")).toBeVisible();
  // Not the owner: no member management.
  await expect(page.getByRole("heading", { name: "Members" })).toHaveCount(0);
});

test("an accepted consumer downloads an image: the file is named name.disk_format, its sha512 is Glance's os_hash_value and its bytes are openstack image save's", async ({
  page,
}, testInfo) => {
  await connectAs(page, "beta-member", "beta");
  await page.goto("/images?tab=shared");
  await page.getByRole("link", { name: "pfsense-2.7.2-backup" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "pfsense-2.7.2-backup" })).toBeVisible();
  const id = new URL(page.url()).pathname.split("/").pop()!;
  const cli = await openstackCli<{ properties: Record<string, string> }>("beta", [
    "image",
    "show",
    id,
  ]);

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: /^Download \(/ }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("pfsense-2.7.2-backup.qcow2");
  const saved = testInfo.outputPath("downloaded.qcow2");
  await download.saveAs(saved);
  const bytes = readFileSync(saved);
  expect(createHash("sha512").update(bytes).digest("hex")).toBe(cli.properties.os_hash_value);

  const fromCli = testInfo.outputPath("cli-save.qcow2");
  await openstackCliQuiet("beta", ["image", "save", "--file", fromCli, id]);
  expect(bytes.equals(readFileSync(fromCli))).toBe(true);

  // The hash travels with the file, for `sha512sum` on the other side.
  const res = await page.request.get(
    `/api/images/${id}/file?${new URLSearchParams(new URL(page.url()).searchParams)}`,
  );
  expect(res.headers()["x-image-hash"]).toBe(`sha512=${cli.properties.os_hash_value}`);
  expect((await res.body()).equals(bytes)).toBe(true);
  await expect(
    page.getByText(/sha512sum 'pfsense-2\.7\.2-backup\.qcow2' prints this value/),
  ).toBeVisible();
});

test("a reader-only project is offered no download, and the server relays Glance's refusal", async ({
  page,
}) => {
  const reader = await connectAs(page, "alpha-reader", "alpha");
  const [image] = await openstackCli<{ ID: string }[]>("alpha", [
    "image",
    "list",
    "--name",
    "pfsense-2.7.2-backup",
  ]);
  await page.goto(
    `/images/${image!.ID}?${new URLSearchParams({ connection: reader.id, region: "RegionOne" })}`,
  );
  await expect(page.getByRole("heading", { level: 1, name: "pfsense-2.7.2-backup" })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Download/ })).toHaveCount(0);
  const res = await page.request.get(
    `/api/images/${image!.ID}/file?${new URLSearchParams({ connection: reader.id, region: "RegionOne" })}`,
  );
  expect(res.status()).toBe(403);
  expect((await res.json()).error.code).toBe("forbidden");
});

/** Creates an image as a project and starts a web-download import into it. */
async function startWebDownload(as: string, name: string, uri: string): Promise<string> {
  const call = await glanceAs(as);
  const created = await call("/v2/images", {
    method: "POST",
    body: JSON.stringify({ name, disk_format: "raw", container_format: "bare" }),
  });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const imported = await call(`/v2/images/${id}/import`, {
    method: "POST",
    body: JSON.stringify({ method: { name: "web-download", uri } }),
  });
  expect(imported.status, await imported.text()).toBe(202);
  return id;
}

test("a failed import is shown on the image's page with Glance's reason, as its owner's task list has it", async ({
  page,
}) => {
  const source = await brokenImportSource();
  const name = `import-broken-${Date.now()}`;
  let id: string | undefined;
  try {
    const alpha = await connectAs(page, "alpha-member", "alpha");
    id = await startWebDownload("alpha", name, source.url("/disk.raw?signature=s3cret"));
    await page.goto(
      `/images/${id}?${new URLSearchParams({ connection: alpha.id, region: "RegionOne" })}`,
    );
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    // The page asks again while the import runs, so the failure shows without a reload.
    const failed = page.getByRole("alert").filter({ hasText: "The last import failed" });
    await expect(failed).toContainText(`web-download from ${source.url("/disk.raw")}`, {
      timeout: 20_000,
    });
    await expect(failed).toContainText("The image has no data yet");
    const imports = page.getByRole("table", { name: "Imports of this image, newest first" });
    await expect(imports.getByRole("row")).toHaveCount(2);
    await expect(imports).toContainText("failure");
    await expect(page.getByText("s3cret")).toHaveCount(0);

    // What Glance says: the task failed with the reason the page shows, and the image has no data.
    const glance = await glanceAs("alpha");
    const { tasks } = (await (await glance(`/v2/images/${id}/tasks`)).json()) as {
      tasks: { status: string; message: string }[];
    };
    expect(tasks.map((t) => t.status)).toEqual(["failure"]);
    await expect(failed).toContainText(tasks[0]!.message);
    expect((await openstackCli<{ status: string }>("alpha", ["image", "show", id])).status).toBe(
      "queued",
    );
  } finally {
    await source.close();
    if (id) await openstackCliQuiet("alpha", ["image", "delete", id]);
  }
});
