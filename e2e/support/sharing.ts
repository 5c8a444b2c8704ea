import { expect, type Page } from "@playwright/test";

import { openstackCli, openstackCliQuiet } from "./local-cloud";

type CliMember = { "Member ID": string; Status: string };

/** Throwaway images made with the CLI, so a test never depends on what another changed. */
export function cliImages() {
  const made: { as: string; id: string; region: string }[] = [];
  return {
    async create(as: string, name: string, { visibility = "private", region = "RegionOne" } = {}) {
      const image = await openstackCli<{ id: string }>(
        as,
        [
          "image",
          "create",
          name,
          "--disk-format",
          "raw",
          "--container-format",
          "bare",
          `--${visibility}`,
        ],
        region,
      );
      made.push({ as, id: image.id, region });
      return image.id;
    },
    async cleanup() {
      await Promise.allSettled(
        made
          .splice(0)
          .map((m) =>
            openstackCliQuiet(m.as, ["--os-region-name", m.region, "image", "delete", m.id]),
          ),
      );
    },
  };
}

/** The owner's `openstack image member list`, as {project id: status}; a failed CLI call fails the test. */
export async function cliMembers(
  owner: string,
  imageId: string,
  region = "RegionOne",
): Promise<Record<string, string>> {
  const rows = await openstackCli<CliMember[]>(owner, ["image", "member", "list", imageId], region);
  return Object.fromEntries(rows.map((r) => [r["Member ID"], r.Status]));
}

/** Names in `openstack image list` as a project sees it (own, accepted shares, public). */
export async function cliImageNames(as: string, region = "RegionOne"): Promise<string[]> {
  return (await openstackCli<{ Name: string }[]>(as, ["image", "list"], region)).map((i) => i.Name);
}

export async function cliVisibility(
  as: string,
  imageId: string,
  region = "RegionOne",
): Promise<string> {
  return (await openstackCli<{ visibility: string }>(as, ["image", "show", imageId], region))
    .visibility;
}

/** A row of a table holding this text (an image name, a project name). */
export const rowWith = (page: Page, text: string) =>
  page.getByRole("row").filter({ hasText: text });

export const toast = (page: Page, text: string | RegExp) =>
  page.getByRole("status").filter({ hasText: text });

/** Opens an owned image's page from the Owned tab of the image list. */
export async function openOwnedImage(page: Page, name: string) {
  await page.goto("/images");
  await page.getByRole("link", { name, exact: true }).first().click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}
