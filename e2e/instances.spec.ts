import { connectMembers } from "./support/api";
import { openstackCli, openstackCliQuiet, projectId } from "./support/local-cloud";
import { toast } from "./support/sharing";
import { expect, test } from "./support/test";

type CliServer = { ID: string; Name: string; Status: string; Image: string; Flavor: string };

test("the instances page lists every connected project's servers as the CLI does, and names the one running on another project's image", async ({
  page,
}) => {
  await connectMembers(page, "alpha", "beta");
  await page.goto("/instances");
  const table = page.getByRole("table", { name: "Servers of the connected projects" });

  // What the CLI lists, as each project, in each region, is what the page lists.
  const cli = (
    await Promise.all(
      ["alpha", "beta"].flatMap((project) =>
        ["RegionOne", "RegionTwo"].map(async (region) =>
          (await openstackCli<CliServer[]>(project, ["server", "list"], region)).map((server) => ({
            project,
            region,
            server,
          })),
        ),
      ),
    )
  ).flat();
  expect(cli.map((c) => c.server.Name)).toEqual(expect.arrayContaining(["web-1", "edge-fw"]));
  for (const { project, region, server } of cli) {
    const row = table.getByRole("row").filter({ hasText: server.ID });
    await expect(row).toContainText(`${server.Name}`);
    await expect(row).toContainText(`${project}${region}`);
    await expect(row).toContainText(server.Status);
    await expect(row).toContainText(server.Flavor);
  }
  await expect(table.getByRole("row")).toHaveCount(cli.length + 1);

  const web = table.getByRole("row").filter({ hasText: "web-1" });
  await expect(web.getByRole("link", { name: "debian-12-hardened" })).toBeVisible();
  await expect(web).toContainText("this project's own");

  const edge = table.getByRole("row").filter({ hasText: "edge-fw" });
  await expect(edge).toContainText("alpha's: it can remove beta");
  await expect(
    page.getByRole("status").filter({ hasText: "1 server runs on an image another project owns" }),
  ).toBeVisible();

  // The image link opens the image as the project that runs the server sees it.
  await edge.getByRole("link", { name: "pfsense-2.7.2-backup" }).click();
  await expect(page.getByRole("heading", { name: "pfsense-2.7.2-backup" })).toBeVisible();
});

test("a project whose cloud runs no server says so, not an empty error", async ({ page }) => {
  await connectMembers(page, "gamma");
  await page.goto("/instances");
  await expect(
    page.getByText("No connected project runs a server (in any region with a compute service)."),
  ).toBeVisible();
});

test("removing a member that runs a server on the image names the server, asks a second time, and leaves the server running", async ({
  page,
}) => {
  const [alpha] = await connectMembers(page, "alpha", "beta");
  const [pfsense] = await openstackCli<{ ID: string }[]>("alpha", [
    "image",
    "list",
    "--name",
    "pfsense-2.7.2-backup",
  ]);
  try {
    await page.goto(`/images/${pfsense!.ID}?connection=${alpha.id}&region=RegionOne`);
    await page.getByRole("button", { name: "Remove beta" }).click();
    const dialog = page.getByRole("dialog", { name: "Remove beta from pfsense-2.7.2-backup?" });
    await expect(dialog).toContainText("beta runs 1 server on this image: edge-fw (ACTIVE).");
    const remove = dialog.getByRole("button", { name: "Remove member" });
    await expect(remove).toBeDisabled();
    await dialog.getByLabel("Go ahead although edge-fw (beta) run on it").check();
    await remove.click();
    await expect(toast(page, "Removed beta from pfsense-2.7.2-backup.")).toBeVisible();

    const members = await openstackCli<{ "Member ID": string }[]>("alpha", [
      "image",
      "member",
      "list",
      pfsense!.ID,
    ]);
    expect(members.map((m) => m["Member ID"])).not.toContain(projectId("beta"));
    const [edge] = await openstackCli<CliServer[]>("beta", ["server", "list", "--name", "edge-fw"]);
    expect(edge).toMatchObject({ Name: "edge-fw", Status: "ACTIVE" });
  } finally {
    // As seeded: beta an accepted member again.
    await openstackCliQuiet("alpha", [
      "image",
      "add",
      "project",
      pfsense!.ID,
      projectId("beta"),
    ]).catch(() => undefined);
    await openstackCliQuiet("beta", ["image", "set", "--accept", pfsense!.ID]);
  }
});

test("a consumer launches a shared image with a flavor that fits it (a smaller one is not offered), and Nova runs it, as the CLI shows", async ({
  page,
}) => {
  const [beta] = await connectMembers(page, "beta");
  const [pfsense] = await openstackCli<{ ID: string }[]>("beta", [
    "image",
    "list",
    "--name",
    "pfsense-2.7.2-backup",
  ]);
  await page.goto(`/images/${pfsense!.ID}?connection=${beta.id}&region=RegionOne`);
  const panel = page.getByRole("region", { name: "Launch a server from it in beta" });
  await expect(panel.getByText(/Not offered, too small for this image: m1\.tiny/)).toBeVisible();
  const flavor = panel.getByLabel("Flavor");
  await expect(flavor.getByRole("option")).toHaveText([
    "m1.small: 1 vCPU, 2048 MiB, 20 GB",
    "m1.medium: 2 vCPU, 4096 MiB, 40 GB",
  ]);
  await panel.getByLabel("Server name").fill("e2e-launched");
  await panel.getByRole("button", { name: "Launch e2e-launched" }).click();
  await expect(panel.getByRole("status")).toContainText("e2e-launched is ACTIVE in beta", {
    timeout: 60_000,
  });
  const made = await openstackCli<CliServer[]>("beta", [
    "server",
    "list",
    "--name",
    "e2e-launched",
  ]);
  try {
    expect(made).toHaveLength(1);
    const shown = await openstackCli<{ status: string; image: string; flavor: string }>("beta", [
      "server",
      "show",
      made[0]!.ID,
    ]);
    expect(shown.status).toBe("ACTIVE");
    expect(shown.image).toContain(pfsense!.ID);
    expect(shown.flavor).toContain("m1.small");
  } finally {
    for (const s of made) await openstackCliQuiet("beta", ["server", "delete", "--wait", s.ID]);
  }
});

test("the recipe in the browser: alpha backs up web-1, moves the backup to beta in RegionTwo, and beta launches it there with web-1's flavor chosen; the CLI shows the server running on the copy", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await connectMembers(page, "alpha", "beta");
  const name = `web-1-recipe-${Date.now()}`;
  const launched = `${name}-launched`;
  const left: string[][] = []; // CLI deletions for whatever the test leaves behind
  try {
    // 1. alpha backs web-1 up.
    await page.goto("/instances");
    await page.getByRole("button", { name: "Back up web-1 (alpha, RegionOne)" }).click();
    await page.getByLabel("Image name").fill(name);
    await page.getByRole("button", { name: "Back up web-1", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: `${name} is active` })).toBeVisible({
      timeout: 60_000,
    });
    await page.getByRole("link", { name }).click();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    const backupId = new URL(page.url()).pathname.split("/").pop()!;
    left.push(["alpha", "RegionOne", "image", "delete", backupId]);

    // 2. alpha moves it to beta in the other region.
    await page.getByRole("button", { name: "Copy to…" }).click();
    await page.getByRole("checkbox", { name: "beta · RegionTwo" }).check();
    await page.getByRole("checkbox", { name: /^Move/ }).check();
    await page.getByRole("button", { name: "Move to 1 place" }).click();
    await page
      .getByRole("dialog", { name: `Move ${name}?` })
      .getByRole("button", { name: `Move and then delete ${name}` })
      .click();
    await expect(
      page.getByText("The source was deleted after every copy was verified."),
    ).toBeVisible({ timeout: 90_000 });
    await page.getByRole("link", { name: "Open the copy" }).click();
    // The copy has the source's name: its page is the one seen by beta in RegionTwo.
    await expect(page.getByText(/^Seen by beta in RegionTwo/)).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    const copyId = new URL(page.url()).pathname.split("/").pop()!;
    left.push(["beta", "RegionTwo", "image", "delete", copyId]);
    const copy = await openstackCli<{ properties: Record<string, string> }>(
      "beta",
      ["image", "show", copyId],
      "RegionTwo",
    );
    // What web-1 was travels with the backup's copy.
    expect(copy.properties).toMatchObject({
      image_type: "backup",
      backup_type: "daily",
      glance_share_server_name: "web-1",
      glance_share_server_flavor: "m1.small",
      glance_share_server_metadata: '{"role":"web"}',
    });
    await expect(openstackCli("alpha", ["image", "show", backupId])).rejects.toThrow();

    // 3. beta launches the copy there, with the flavor web-1 had chosen first.
    const panel = page.getByRole("region", { name: "Launch a server from it in beta" });
    await expect(panel.getByText(/Not offered, too small for this image: m1\.tiny/)).toBeVisible();
    await expect(panel.getByLabel("Flavor").locator("option:checked")).toHaveText(
      /^m1\.small: .*\(the original server's\)$/,
    );
    await panel.getByLabel("Server name").fill(launched);
    await panel.getByRole("button", { name: `Launch ${launched}` }).click();
    await expect(panel.getByRole("status")).toContainText(`${launched} is ACTIVE in beta`, {
      timeout: 60_000,
    });
    const [listed] = await openstackCli<CliServer[]>(
      "beta",
      ["server", "list", "--name", launched],
      "RegionTwo",
    );
    left.unshift(["beta", "RegionTwo", "server", "delete", "--wait", listed!.ID]);
    const shown = await openstackCli<{ status: string; image: string; flavor: string }>(
      "beta",
      ["server", "show", listed!.ID],
      "RegionTwo",
    );
    expect(shown.status).toBe("ACTIVE");
    expect(shown.image).toContain(copyId);
    expect(shown.flavor).toContain("m1.small");
  } finally {
    for (const [as, region, ...command] of left)
      await openstackCliQuiet(as!, ["--os-region-name", region!, ...command]).catch(
        () => undefined,
      );
  }
});

test("a rotation of 2 deletes the oldest backup once a third is made; when beta has accepted the oldest, the page names it and waits for a confirmation", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await connectMembers(page, "alpha");
  const type = `e2e${Date.now()}`;
  const backups = async () =>
    (
      await openstackCli<{ Name: string }[]>("alpha", [
        "image",
        "list",
        "--property",
        `backup_type=${type}`,
        "--sort",
        "name:asc",
      ])
    ).map((i) => i.Name);
  const made: string[] = [];
  try {
    for (const n of [1, 2]) {
      const image = await openstackCli<{ id: string }>("alpha", [
        "server",
        "backup",
        "create",
        "--name",
        `${type}-${n}`,
        "--type",
        type,
        "--rotate",
        "2",
        "--wait",
        "web-1",
      ]);
      made.push(image.id);
    }
    const [oldest] = made;
    await openstackCliQuiet("alpha", ["image", "set", "--shared", oldest!]);
    await openstackCliQuiet("alpha", ["image", "add", "project", oldest!, projectId("beta")]);
    await openstackCliQuiet("beta", ["image", "set", "--accept", oldest!]);

    await page.goto("/instances");
    await page.getByRole("button", { name: "Back up web-1 (alpha, RegionOne)" }).click();
    await expect(page.getByLabel("Keep (rotation)")).toHaveAccessibleDescription(
      /deletes this server's older backups of this type beyond this number, even those shared with other projects or being copied/,
    );
    await page.getByLabel("Image name").fill(`${type}-3`);
    await page.getByLabel("Backup type").fill(type);
    await page.getByLabel("Keep (rotation)").fill("2");
    const start = page.getByRole("button", { name: "Back up web-1", exact: true });
    await start.click();
    await expect(page.getByRole("status").filter({ hasText: "Nova's rotation keeps" })).toHaveText(
      `Nova's rotation keeps 2 ${type} backups of web-1 and deletes the older ones once this one is made, whoever uses them: ${type}-1 (accepted by 1 project). Confirm to go ahead, or keep more.`,
    );
    expect(await backups()).toEqual([`${type}-1`, `${type}-2`]);

    await page.getByLabel("Go ahead: let Nova delete them").check();
    await start.click();
    const done = page.getByRole("status").filter({ hasText: `${type}-3 is active` });
    await expect(done).toContainText(`Nova's rotation deletes ${type}-1.`, { timeout: 60_000 });
    await expect.poll(backups, { timeout: 30_000 }).toEqual([`${type}-2`, `${type}-3`]);
    await expect(openstackCli("beta", ["image", "show", oldest!])).rejects.toThrow();
  } finally {
    const left = await openstackCli<{ ID: string }[]>("alpha", [
      "image",
      "list",
      "--property",
      `backup_type=${type}`,
    ]);
    for (const { ID } of left) await openstackCliQuiet("alpha", ["image", "delete", ID]);
  }
});
