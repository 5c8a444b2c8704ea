import { expect, test } from "./support/test";

test("the home page renders and explains the sharing workflow", async ({ page }) => {
  const foreignRequests: string[] = [];
  page.on("request", (req) => {
    const host = new URL(req.url()).hostname;
    if (host !== "127.0.0.1" && host !== "localhost") foreignRequests.push(req.url());
  });

  await page.goto("/");
  await expect(page).toHaveTitle("Glance Share");
  await expect(
    page.getByRole("heading", { level: 1, name: "Share Glance images between your projects" }),
  ).toBeVisible();
  const steps = page.getByRole("region", { name: "How image sharing works" }).getByRole("listitem");
  await expect(steps).toHaveCount(3);
  await expect(steps.nth(1)).toContainText("accepts");
  await expect(page.getByRole("heading", { name: "No project connected" })).toBeVisible();

  // Nothing is fetched from outside the machine (no web fonts, no telemetry).
  expect(foreignRequests).toEqual([]);
});

test("the first Tab reaches a visible skip link that jumps to the content", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main$/);
});

test("the health endpoint answers for process managers", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ status: "ok" });
});

test("every page that works on connected projects shows the same 'no project connected' state, with the way to connect one", async ({
  page,
}) => {
  for (const path of ["/images", "/share", "/invitations", "/access", "/journal"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: "No project connected" })).toBeVisible();
    await page.getByRole("main").getByRole("link", { name: "Connect a project" }).click();
    await expect(page).toHaveURL(/\/projects\/connect$/);
    await expect(page.getByRole("heading", { level: 1, name: "Connect a project" })).toBeVisible();
  }
});
