import { connectAs } from "./support/api";
import { freezeGlance } from "./support/local-cloud";
import { rowsOf, toast } from "./support/sharing";
import { expect, test } from "./support/test";

test("a stalled region holds only its own rows: the others show at once, its rows fill in when it answers", async ({
  page,
}) => {
  await connectAs(page, "alpha-member", "alpha");
  const thaw = freezeGlance("RegionTwo");
  let thawed = false;
  try {
    const started = Date.now();
    await page.goto("/images");
    // RegionOne's rows and a note that RegionTwo is awaited, long before the 15 s answer timeout.
    await expect(rowsOf(page).filter({ hasText: "RegionOne" }).first()).toBeVisible({
      timeout: 8_000,
    });
    const waiting = toast(page, "Still waiting for alpha (RegionTwo)");
    await expect(waiting).toBeVisible();
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect(rowsOf(page).filter({ hasText: "RegionTwo" })).toHaveCount(0);

    thaw();
    thawed = true;
    // The region answers the request already waiting for it: its rows join the list.
    await expect(rowsOf(page).filter({ hasText: "windows-server-2022-golden" })).toBeVisible({
      timeout: 20_000,
    });
    await expect(waiting).toHaveCount(0);
    await expect(page.getByText("could not be read")).toHaveCount(0);
  } finally {
    if (!thawed) thaw();
  }
});
