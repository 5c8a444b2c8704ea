import { apiCall, connectAs, connectMembers, inviteMembers, rawCall } from "./support/api";
import { addMember, answerInvitation } from "./support/glance";
import { openstackCli, openstackCliQuiet, projectId } from "./support/local-cloud";
import {
  cliImageNames,
  cliMembers,
  cliVisibility,
  openOwnedImage,
  rowWith,
  throwawayImages,
  toast,
} from "./support/sharing";
import { expect, test } from "./support/test";

const images = throwawayImages();
test.afterEach(() => images.cleanup());

const alphaId = projectId("alpha");
const betaId = projectId("beta");
const gammaId = projectId("gamma");
const partnerId = projectId("partner");

test("the guide end to end: alpha shares with beta, beta accepts, alpha sees it accepted, removes beta, beta loses it", async ({
  page,
}) => {
  const name = `guide-${Date.now()}`;
  const imageId = await images.create("alpha", name);
  await connectMembers(page, "alpha", "beta");

  // Owner: pick the image in the list, share it with beta through the wizard.
  await page.goto("/images");
  await page.getByRole("checkbox", { name: `Select ${name} (alpha, RegionOne)` }).check();
  await page.getByRole("button", { name: "Share 1 selected" }).click();
  await expect(page).toHaveURL(/\/share\?/);
  await expect(page.getByText(`Selected: ${name} (RegionOne)`)).toBeVisible();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("checkbox", { name: /^beta/ }).check();
  await page.getByRole("button", { name: "Next" }).click();
  const review = page.getByRole("region", { name: "Review before sharing" });
  await expect(review).toContainText(`${name} (RegionOne): visibility goes private → shared`);
  await expect(review).toContainText(
    "If you delete the image, make it private, remove a member, or your project is closed",
  );
  await expect(review.getByLabel("openstack commands", { exact: true })).toContainText(
    `image add project ${imageId} ${betaId}`,
  );
  await page.getByRole("button", { name: "Share 1 invitation" }).click();
  await expect(toast(page, "1 invited · 0 already members · 0 failed")).toBeVisible();
  const [visibility, members] = await Promise.all([
    cliVisibility("alpha", imageId),
    cliMembers("alpha", imageId),
  ]);
  expect(visibility).toBe("shared");
  expect(members).toEqual({ [betaId]: "pending" });

  // Consumer: the invitation link opens beta's inbox on that image; one click accepts.
  const link = await page
    .getByRole("textbox", { name: `Invitation link for beta: ${name}` })
    .inputValue();
  await page.goto(link);
  const row = rowWith(page, name);
  await expect(row).toContainText("from your link");
  await expect(row).toContainText("alpha");
  await expect(page.getByRole("link", { name: /^Invitations/ })).toContainText(/\d+ pending/);
  await row.getByRole("button", { name: `Accept ${name} as beta` }).click();
  await expect(toast(page, `Accepted ${name}.`)).toBeVisible();
  await expect(rowWith(page, name)).toHaveCount(0);
  expect(await cliImageNames("beta")).toContain(name);

  // Owner: the member table shows beta accepted, then beta is removed after a warning.
  await openOwnedImage(page, name);
  const member = rowWith(page, betaId);
  await expect(member).toContainText("beta");
  await expect(member).toContainText("accepted");
  expect(await cliMembers("alpha", imageId)).toEqual({ [betaId]: "accepted" });
  await member.getByRole("button", { name: "Remove beta" }).click();
  const dialog = page.getByRole("dialog", { name: `Remove beta from ${name}?` });
  await expect(dialog).toContainText("beta loses access at once");
  await dialog.getByRole("button", { name: "Remove member" }).click();
  await expect(toast(page, `Removed beta from ${name}.`)).toBeVisible();
  await expect(page.getByText("No member yet")).toBeVisible();
  expect(await cliMembers("alpha", imageId)).toEqual({});

  // Consumer: the image is gone from beta's list, here and for the CLI.
  await page.goto("/images?tab=shared");
  await expect(page.getByText("images shown")).toBeVisible();
  await expect(rowWith(page, name)).toHaveCount(0);
  expect(await cliImageNames("beta")).not.toContain(name);
});

test("bulk share: 2 images × 2 projects, one pair already a member, reported with its status", async ({
  page,
}) => {
  const stamp = Date.now();
  const first = await images.create("alpha", `bulk-a-${stamp}`, { visibility: "shared" });
  const second = await images.create("alpha", `bulk-b-${stamp}`);
  await addMember("alpha", first, betaId);
  await connectMembers(page, "alpha", "beta", "gamma");

  await page.goto(`/images?q=bulk-&connection=all`);
  await page.getByRole("checkbox", { name: `Select bulk-a-${stamp} (alpha, RegionOne)` }).check();
  await page.getByRole("checkbox", { name: `Select bulk-b-${stamp} (alpha, RegionOne)` }).check();
  await page.getByRole("button", { name: "Share 2 selected" }).click();
  await expect(page.getByText(`Selected:`)).toContainText(`bulk-a-${stamp}`);
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("checkbox", { name: /^beta/ }).check();
  await page.getByRole("checkbox", { name: /^gamma/ }).check();
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByText("4 invitations (2 images × 2 projects)")).toBeVisible();
  await page.getByRole("button", { name: "Share 4 invitations" }).click();
  await expect(toast(page, "3 invited · 1 already member · 0 failed")).toBeVisible();
  await expect(rowWith(page, `bulk-a-${stamp}`).filter({ hasText: "beta" })).toContainText(
    "already a member · pending",
  );
  await expect(page.getByRole("progressbar")).toHaveAttribute("value", "4");

  const [members, members2, visibility] = await Promise.all([
    cliMembers("alpha", first),
    cliMembers("alpha", second),
    cliVisibility("alpha", second),
  ]);
  expect(members).toEqual({ [betaId]: "pending", [gammaId]: "pending" });
  expect(members2).toEqual({ [betaId]: "pending", [gammaId]: "pending" });
  expect(visibility).toBe("shared");
});

test("the consumer rejects an invitation, then accepts it after all", async ({ page }) => {
  const name = `reject-${Date.now()}`;
  const imageId = await images.create("alpha", name, { visibility: "shared" });
  await addMember("alpha", imageId, betaId);
  await connectAs(page, "beta-member", "beta");

  await page.goto("/invitations");
  const row = rowWith(page, name);
  await expect(row).toContainText("not connected here"); // alpha is not connected in this browser
  await expect(row).toContainText(alphaId);
  await row.getByRole("button", { name: `Reject ${name} as beta` }).click();
  await expect(toast(page, `Rejected ${name}.`)).toBeVisible();
  expect(await cliMembers("alpha", imageId)).toEqual({ [betaId]: "rejected" });

  await page.getByRole("tab", { name: "Rejected" }).click();
  await rowWith(page, name)
    .getByRole("button", { name: `Accept ${name} as beta` })
    .click();
  await expect(toast(page, `Accepted ${name}.`)).toBeVisible();
  const [members, names] = await Promise.all([cliMembers("alpha", imageId), cliImageNames("beta")]);
  expect(members).toEqual({ [betaId]: "accepted" });
  expect(names).toContain(name);
});

test("making an image private hides it from members at once; shared again restores them with their statuses", async ({
  page,
}) => {
  const name = `private-${Date.now()}`;
  const imageId = await images.create("alpha", name, { visibility: "shared" });
  await Promise.all([addMember("alpha", imageId, betaId), addMember("alpha", imageId, gammaId)]);
  await answerInvitation("beta", imageId, betaId, "accepted");
  await connectAs(page, "alpha-member", "alpha");

  await openOwnedImage(page, name);
  await page.getByRole("button", { name: "Make private" }).click();
  const dialog = page.getByRole("dialog", { name: `Make ${name} private?` });
  await expect(dialog).toContainText("Every member project loses access at once");
  await dialog.getByRole("button", { name: "Make private" }).click();
  await expect(
    page.getByText("This image is private: only its own project can use it."),
  ).toBeVisible();
  const [visibility, names] = await Promise.all([
    cliVisibility("alpha", imageId),
    cliImageNames("beta"),
  ]);
  expect(visibility).toBe("private");
  expect(names).not.toContain(name);

  await page.getByRole("button", { name: "Make shared" }).click();
  await expect(rowWith(page, betaId)).toContainText("accepted");
  await expect(rowWith(page, gammaId)).toContainText("pending");
  expect(await cliMembers("alpha", imageId)).toEqual({
    [betaId]: "accepted",
    [gammaId]: "pending",
  });
  expect(await cliImageNames("beta")).toContain(name);
});

test("a bogus project id and the owner's own id are refused with a clear reason, by the page and by the server", async ({
  page,
}) => {
  const name = `bogus-${Date.now()}`;
  const imageId = await images.create("alpha", name, { visibility: "shared" });
  const alpha = await connectAs(page, "alpha-member", "alpha");

  await page.goto(`/share?connection=${alpha.id}&images=RegionOne:${imageId}`);
  await expect(page.getByText(`Selected: ${name} (RegionOne)`)).toBeVisible();
  await page.getByRole("button", { name: "Next" }).click();
  const ids = page.getByRole("textbox", { name: "Project ids" });
  await ids.fill("not-a-project");
  await expect(
    page.getByText(
      "“not-a-project” is not a project id: a Keystone project id is 32 hexadecimal characters.",
    ),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Next" })).toBeDisabled();
  await ids.fill(alphaId);
  await expect(
    page.getByText(`“${alphaId}” is the owner's own project: it has the image already.`),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Next" })).toBeDisabled();

  // Sent anyway, straight to the server: refused before Glance (which would accept any string).
  const bogus = await inviteMembers(page.request, [
    { connection: alpha.id, region: "RegionOne", imageId, memberId: "not-a-project" },
  ]);
  expect(bogus.status).toBe(400);
  expect(JSON.parse(bogus.body).error.message).toMatch(/32 hexadecimal characters/);
  const own = await inviteMembers(page.request, [
    { connection: alpha.id, region: "RegionOne", imageId, memberId: alphaId },
  ]);
  expect(own.results[0]).toMatchObject({
    ok: false,
    error: {
      code: "validation",
      message: "An image cannot be shared with its own project (alpha).",
    },
  });
  expect(await cliMembers("alpha", imageId)).toEqual({});
});

test("a reader-only project is offered no share, accept or remove action, and the server refuses them if forced", async ({
  page,
}) => {
  const name = `reader-${Date.now()}`;
  const imageId = await images.create("alpha", name, { visibility: "shared" });
  await addMember("alpha", imageId, betaId);
  const reader = await connectAs(page, "alpha-reader", "alpha");

  await page.goto("/images");
  await expect(rowWith(page, name)).toBeVisible();
  await expect(page.getByRole("checkbox", { name: new RegExp(`Select ${name}`) })).toHaveCount(0);
  await openOwnedImage(page, name);
  await expect(rowWith(page, betaId)).toContainText("pending");
  await expect(page.getByRole("button", { name: /Remove/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Make private" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Share this image" })).toHaveCount(0);
  await expect(page.getByText("This project is connected read-only")).toBeVisible();
  await page.goto("/share");
  await expect(page.getByText("No project can share yet")).toBeVisible();

  const readerRefusal = {
    code: "forbidden",
    message:
      "alpha is connected with the reader role only, which cannot change sharing. Connect it as a member.",
  };
  const invite = await inviteMembers(page.request, [
    { connection: reader.id, region: "RegionOne", imageId, memberId: gammaId },
  ]);
  expect(invite.results[0]).toMatchObject({ ok: false, error: readerRefusal });
  const res = await page.request.fetch(`/api/images/${imageId}`, {
    method: "PATCH",
    data: { connection: reader.id, region: "RegionOne", visibility: "private" },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(res.status()).toBe(403);
  expect((await res.json()).error).toEqual(readerRefusal);
  const remove = await apiCall(
    page.request,
    "DELETE",
    `/api/images/${imageId}/members/${betaId}?connection=${reader.id}&region=RegionOne`,
  );
  expect(remove.status()).toBe(403);
  const [members, visibility] = await Promise.all([
    cliMembers("alpha", imageId),
    cliVisibility("alpha", imageId),
  ]);
  expect(members).toEqual({ [betaId]: "pending" });
  expect(visibility).toBe("shared");
});

test("cross-domain: alpha shares with partner (another domain), accepted at once as partner", async ({
  page,
}) => {
  const name = `partner-${Date.now()}`;
  const imageId = await images.create("alpha", name);
  const alpha = await connectAs(page, "alpha-member", "alpha");
  await connectAs(page, "partner-member", "partner", "partner");

  await page.goto(`/share?connection=${alpha.id}&images=RegionOne:${imageId}`);
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("checkbox", { name: /^partner · domain partner/ })).toBeVisible();
  await page.getByRole("checkbox", { name: /^partner/ }).check();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Share 1 invitation" }).click();
  await expect(toast(page, "1 invited")).toBeVisible();
  await page.getByRole("button", { name: "Accept now as partner" }).click();
  await expect(toast(page, "Accepted 1 image as partner.")).toBeVisible();
  const [members, names] = await Promise.all([
    cliMembers("alpha", imageId),
    cliImageNames("partner"),
  ]);
  expect(members).toEqual({ [partnerId]: "accepted" });
  expect(names).toContain(name);
});

test("changes made with the CLI behind the dashboard's back show after a refresh", async ({
  page,
}) => {
  const name = `behind-${Date.now()}`;
  const imageId = await images.create("alpha", name, { visibility: "shared" });
  await connectMembers(page, "alpha", "beta");
  await openOwnedImage(page, name);
  await expect(page.getByText("No member yet")).toBeVisible();

  await openstackCli("alpha", ["image", "add", "project", imageId, betaId]);
  await page.reload();
  await expect(rowWith(page, betaId)).toContainText("pending");

  await page.goto("/invitations");
  await expect(rowWith(page, name)).toBeVisible();
  await openstackCliQuiet("beta", ["image", "set", "--accept", imageId]);
  await page.reload();
  await expect(page.getByText("Since")).toBeVisible();
  await expect(rowWith(page, name)).toHaveCount(0);
  await page.getByRole("tab", { name: "Accepted" }).click();
  await expect(rowWith(page, name)).toContainText("alpha");
});

test("an invitation link sent before the page was renamed (/inbox) still opens the invitations page on it", async ({
  page,
}) => {
  await page.goto("/inbox?image=abc&region=RegionOne&project=def");
  await expect(page).toHaveURL(/\/invitations\?image=abc&region=RegionOne&project=def$/);
});

test("a member id that is a path trick is refused at the boundary: nothing reaches Glance, nothing is journaled", async ({
  page,
}) => {
  const name = `traversal-${Date.now()}`;
  const imageId = await images.create("alpha", name, { visibility: "shared" });
  await addMember("alpha", imageId, betaId);
  const alpha = await connectAs(page, "alpha-member", "alpha");

  // Next itself redirects a path whose segment is ".." (308); these reach the handler as "../" and "%2e%2e".
  for (const trick of ["%2e%2e%2f", "%252e%252e"]) {
    const res = await rawCall(
      page.context(),
      "DELETE",
      `/api/images/${imageId}/members/${trick}?connection=${alpha.id}&region=RegionOne`,
    );
    expect(res.status, trick).toBe(400);
    expect(JSON.parse(res.body).error).toEqual({
      code: "validation",
      message: "That is not a member id Glance could hold",
    });
  }
  const notAnImage = await rawCall(
    page.context(),
    "GET",
    `/api/images/..%2fetc?connection=${alpha.id}&region=RegionOne`,
  );
  expect(notAnImage.status).toBe(400);

  const [members, visibility] = await Promise.all([
    cliMembers("alpha", imageId),
    cliVisibility("alpha", imageId),
  ]);
  expect(members).toEqual({ [betaId]: "pending" });
  expect(visibility).toBe("shared");
  const journal = await (await page.request.get(`/api/journal?image=${imageId}`)).json();
  expect(journal.entries).toEqual([]);
});

/** lab-01's project id, then the nine other lab projects'. */
const [labOwner, ...otherLabs] = Array.from({ length: 10 }, (_, i) =>
  projectId(`lab-${String(i + 1).padStart(2, "0")}`),
) as [string, ...string[]];

/** An image of lab-01, made by the cloud admin: the CLI has no lab login of its own. */
const labImage = (name: string, visibility: "--shared" | "--private") =>
  openstackCli<{ id: string }>("admin", [
    "image",
    "create",
    name,
    "--disk-format",
    "raw",
    "--container-format",
    "bare",
    visibility,
    "--project",
    labOwner,
  ]);

test("share with every project the login can reach: lab-member, connected to lab-01 only, shares one image with the nine other lab projects", async ({
  page,
}) => {
  const name = `lab-golden-${Date.now()}`;
  const image = await labImage(name, "--shared");
  try {
    const lab = await connectAs(page, "lab-member", "lab-01");
    await page.goto(
      `/share?${new URLSearchParams({ connection: lab.id, images: `RegionOne:${image.id}` })}`,
    );
    await expect(page.getByText("Selected:")).toContainText(name);
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("button", { name: "Every project lab-member can reach" }).click();
    await expect(page.getByText("9 projects lab-member can reach")).toBeVisible();
    await page.getByRole("button", { name: "Next" }).click();
    // The preview names every one of them before anything is sent.
    await expect(page.getByText("9 invitations (1 image × 9 projects)")).toBeVisible();
    for (const n of ["lab-02", "lab-10"])
      await expect(page.getByRole("region", { name: "Review before sharing" })).toContainText(n);
    await page.getByRole("button", { name: "Share 9 invitations" }).click();
    await expect(toast(page, "9 invited · 0 already members · 0 failed")).toBeVisible({
      timeout: 30_000,
    });
    expect(await cliMembers("admin", image.id)).toEqual(
      Object.fromEntries(otherLabs.map((id) => [id, "pending"])),
    );
  } finally {
    await openstackCliQuiet("admin", ["image", "delete", image.id]);
  }
});

test("a share run goes on when its tab is closed: lab-member makes a private image shared with nine projects, closes the page at once, and the CLI shows every invitation", async ({
  browser,
}) => {
  const name = `lab-closed-tab-${Date.now()}`;
  const image = await labImage(name, "--private");
  try {
    const page = await (await browser.newContext()).newPage();
    const lab = await connectAs(page, "lab-member", "lab-01");
    await page.goto(
      `/share?${new URLSearchParams({ connection: lab.id, images: `RegionOne:${image.id}` })}`,
    );
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("button", { name: "Every project lab-member can reach" }).click();
    await page.getByRole("button", { name: "Next" }).click();
    const started = page.waitForResponse(
      (r) => r.url().endsWith("/api/share/runs") && r.request().method() === "POST",
    );
    await page.getByRole("button", { name: "Share 9 invitations" }).click();
    expect((await started).status()).toBe(200);
    await page.context().close();

    // Nobody watches any more: the server makes the image shared and invites all nine.
    await expect
      .poll(() => cliMembers("admin", image.id), { timeout: 30_000 })
      .toEqual(Object.fromEntries(otherLabs.map((id) => [id, "pending"])));
    expect(await cliVisibility("admin", image.id)).toBe("shared");

    // Back later, in a new browser: the run is listed with what it did.
    const later = await (await browser.newContext()).newPage();
    await connectAs(later, "lab-member", "lab-01");
    await later.goto("/transfers");
    const row = later
      .getByRole("table", { name: "Share runs and rollouts" })
      .getByRole("row")
      .filter({ hasText: `Share ${name} with 9 projects` });
    await expect(row).toContainText("Done");
    await expect(row).toContainText("10 of 10 done");
  } finally {
    await openstackCliQuiet("admin", ["image", "delete", image.id]);
  }
});
