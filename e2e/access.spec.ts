import { readFile } from "node:fs/promises";

import type { Page } from "@playwright/test";

import { connectAs, connectMembers } from "./support/api";
import { parseCsv } from "./support/csv";
import { openstackCli, projectId } from "./support/local-cloud";
import { expect, test } from "./support/test";

const owners = ["alpha", "beta", "gamma", "partner"] as const;
const logins = {
  alpha: ["alpha-member", "Default"],
  beta: ["beta-member", "Default"],
  gamma: ["gamma-member", "Default"],
  partner: ["partner-member", "partner"],
} as const;

async function connectAll(page: Page) {
  for (const p of owners) await connectAs(page, logins[p][0], p, logins[p][1]);
}

/**
 * What an auditor gets from the CLI: each owner's shared images, then `image member list` on
 * each. The calls go side by side (each is a process of its own; one after the other they
 * took most of this file's time).
 */
async function cliAudit(): Promise<string[]> {
  const perImage = await Promise.all(
    owners.flatMap((owner) =>
      ["RegionOne", "RegionTwo"].map(async (region) => {
        const images = (
          await openstackCli<{ ID: string; Name: string; Project: string }[]>(
            owner,
            ["image", "list", "--long", "--shared"],
            region,
          )
        ).filter((i) => i.Project === projectId(owner));
        return Promise.all(
          images.map(async (image) => {
            const members = await openstackCli<{ "Member ID": string; Status: string }[]>(
              owner,
              ["image", "member", "list", image.ID],
              region,
            );
            const where = `${image.Name}|${owner}|${region}`;
            return members.length === 0
              ? [`${where}||no members`]
              : members.map((m) => `${where}|${m["Member ID"]}|${m.Status}`);
          }),
        );
      }),
    ),
  );
  return perImage.flat(2).sort();
}

test("the audit shows, row by row, what the CLI reports for every owned shared image; CSV and JSON exports hold the same rows", async ({
  page,
}) => {
  await connectAll(page);
  await page.goto("/access");
  await expect(page.getByRole("progressbar", { name: /shared images read in/ })).toBeVisible({
    timeout: 30_000,
  });

  const table = page.getByRole("table", { name: "Members of every owned shared image" });
  const shown = await table
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader") })
    .evaluateAll((rows) =>
      rows.map((r) => {
        const cells = [...r.querySelectorAll("th, td")].map((c) => c);
        const image = cells[0]!.textContent!.trim();
        const [owner, region] = [
          cells[1]!.childNodes[0]!.textContent!.trim(),
          cells[1]!.querySelector("span")!.textContent!.trim(),
        ];
        const memberId = cells[2]!.querySelector(".font-mono")?.textContent?.trim() ?? "";
        const status = cells[3]!.textContent!.trim();
        return `${image}|${owner}|${region}|${memberId}|${status}`;
      }),
    );
  const expected = await cliAudit();
  expect(shown.sort()).toEqual(expected);

  // Each member's servers on the image, as the CLI lists them in that member's project.
  const [pfsense] = await openstackCli<{ ID: string }[]>("alpha", [
    "image",
    "list",
    "--name",
    "pfsense-2.7.2-backup",
  ]);
  const onIt = await openstackCli<{ Name: string }[]>("beta", [
    "server",
    "list",
    "--image",
    pfsense!.ID,
  ]);
  expect(onIt.map((s) => s.Name)).toEqual(["edge-fw"]);
  const betaRow = table
    .getByRole("row")
    .filter({ hasText: "pfsense-2.7.2-backup" })
    .filter({ hasText: "RegionOne" })
    .filter({ hasText: projectId("beta") });
  await expect(betaRow).toContainText("edge-fw");
  await expect(betaRow).toContainText("servers run on it");

  // Totals are counted from the same rows.
  const count = (status: string) => expected.filter((r) => r.endsWith(`|${status}`)).length;
  const totals = page.getByRole("definition");
  await expect(totals.nth(0)).toHaveText(String(count("accepted")));
  await expect(totals.nth(1)).toHaveText(String(count("pending")));
  await expect(totals.nth(2)).toHaveText(String(count("rejected")));
  await expect(totals.nth(3)).toHaveText(String(count("no members")));

  // Flags: the shared image without members; a member id that cannot be a project.
  await page.getByLabel("Flag").selectOption("no_members");
  await expect(table.getByRole("row").filter({ has: page.getByRole("rowheader") })).toHaveCount(
    count("no members"),
  );
  await page.getByLabel("Flag").selectOption("");

  const [csvDownload] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Export CSV" }).click(),
  ]);
  const csv = parseCsv(await readFile((await csvDownload.path())!, "utf8"));
  const header = [
    "Image",
    "Image ID",
    "New version of",
    "Newer version",
    "Region",
    "Owner",
    "Owner ID",
    "Member",
    "Member ID",
    "Status",
    "Member's servers",
    "Created",
    "Updated",
    "Flags",
  ];
  expect(csv[0]).toEqual(header);
  const column = (row: string[], name: string) => row[header.indexOf(name)];
  const fromCsv = csv
    .slice(1)
    .map(
      (c) =>
        `${column(c, "Image")}|${column(c, "Owner")}|${column(c, "Region")}|${column(c, "Member ID")}|${column(c, "Status")}`,
    );
  expect(fromCsv.sort()).toEqual(expected);

  const [jsonDownload] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Export JSON" }).click(),
  ]);
  const json = JSON.parse(await readFile((await jsonDownload.path())!, "utf8")) as Record<
    string,
    string
  >[];
  expect(
    json.map((r) => `${r.Image}|${r.Owner}|${r.Region}|${r["Member ID"]}|${r.Status}`).sort(),
  ).toEqual(expected);
});

test("the reverse view lists what each connected project uses of others' images, with the owner who can revoke it", async ({
  page,
}) => {
  await connectMembers(page, "beta", "gamma");
  await page.goto("/access");
  await page.getByRole("tab", { name: "Images my projects use" }).click();
  await expect(page.getByText("The owner can remove your project")).toBeVisible();

  const expected = (
    await Promise.all(
      ["beta", "gamma"].flatMap((consumer) =>
        ["RegionOne", "RegionTwo"].map(async (region) =>
          (
            await openstackCli<{ Name: string; Project: string }[]>(
              consumer,
              ["image", "list", "--long", "--shared", "--member-status", "accepted"],
              region,
            )
          )
            .filter((i) => i.Project !== projectId(consumer))
            .map((i) => `${i.Name}|${consumer}|${region}`),
        ),
      ),
    )
  ).flat();
  const table = page.getByRole("table", {
    name: "Images of other projects used by connected projects",
  });
  await expect(table.getByRole("row").filter({ has: page.getByRole("rowheader") })).toHaveCount(
    expected.length,
  );
  const shown = await table
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader") })
    .evaluateAll((rows) =>
      rows.map((r) => {
        const cells = r.querySelectorAll("th, td");
        return `${cells[0]!.textContent!.trim()}|${cells[1]!.childNodes[0]!.textContent!.trim()}|${cells[1]!.querySelector("span")!.textContent!.trim()}`;
      }),
    );
  expect(shown.sort()).toEqual(expected.sort());
});
