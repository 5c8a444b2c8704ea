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
  const cli: { project: string; region: string; server: CliServer }[] = [];
  for (const project of ["alpha", "beta"])
    for (const region of ["RegionOne", "RegionTwo"])
      for (const server of await openstackCli<CliServer[]>(project, ["server", "list"], region))
        cli.push({ project, region, server });
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

test("backing up a server from the instances page makes an active image that records the server, as the CLI shows", async ({
  page,
}) => {
  await connectMembers(page, "alpha");
  const [web] = await openstackCli<CliServer[]>("alpha", ["server", "list", "--name", "web-1"]);
  await page.goto("/instances");
  await page.getByRole("button", { name: "Back up web-1 (alpha, RegionOne)" }).click();
  await page.getByLabel("Image name").fill("web-1-e2e-backup");
  await page.getByRole("button", { name: "Back up web-1", exact: true }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "web-1-e2e-backup is active" }),
  ).toBeVisible({
    timeout: 60_000,
  });
  const made = await openstackCli<{ ID: string; Status: string }[]>("alpha", [
    "image",
    "list",
    "--property",
    `instance_uuid=${web!.ID}`,
  ]);
  try {
    expect(made).toHaveLength(1);
    const image = await openstackCli<{ status: string; properties: Record<string, string> }>(
      "alpha",
      ["image", "show", made[0]!.ID],
    );
    expect(image.status).toBe("active");
    expect(image.properties).toMatchObject({
      image_type: "backup",
      backup_type: "daily",
      glance_share_server_name: "web-1",
      glance_share_server_flavor: "m1.small",
      glance_share_server_metadata: '{"role":"web"}',
    });
    // The image page opens from the result, ready to share, copy or move.
    await page.getByRole("link", { name: "web-1-e2e-backup" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "web-1-e2e-backup" })).toBeVisible();
  } finally {
    for (const image of made) await openstackCliQuiet("alpha", ["image", "delete", image.ID]);
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
