import { expect, type Page } from "@playwright/test";

import { createImage, deleteImage } from "./glance";
import { openstackCli } from "./local-cloud";

export { cliMembers } from "../../scripts/testing/openstack-cli";

/** Throwaway images, made and deleted through Glance's API, so a test never depends on what another changed. */
export function throwawayImages() {
  const made: { as: string; id: string; region: string }[] = [];
  return {
    async create(
      as: string,
      name: string,
      { visibility = "private", region = "RegionOne", ...fields }: Record<string, unknown> = {},
    ) {
      const id = await createImage(as, { name, visibility, ...fields }, region as string);
      made.push({ as, id, region: region as string });
      return id;
    },
    /** An image made another way (a copy the dashboard made), deleted with the rest. */
    track(as: string, id: string, region = "RegionOne") {
      made.push({ as, id, region });
    },
    async cleanup() {
      const results = await Promise.allSettled(
        made.splice(0).map((m) => deleteImage(m.as, m.id, m.region)),
      );
      const failed = results.filter((r) => r.status === "rejected");
      if (failed.length > 0) throw (failed[0] as PromiseRejectedResult).reason;
    },
  };
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

/** The image list's rows (those with a row header: not the headings, not the placeholders). */
export const rowsOf = (page: Page) =>
  page
    .getByRole("tabpanel")
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader") });

export const toast = (page: Page, text: string | RegExp) =>
  page.getByRole("status").filter({ hasText: text });

/** Opens an owned image's page from the Owned tab of the image list. */
export async function openOwnedImage(page: Page, name: string) {
  await page.goto("/images");
  await page.getByRole("link", { name, exact: true }).first().click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}
