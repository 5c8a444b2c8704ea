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
