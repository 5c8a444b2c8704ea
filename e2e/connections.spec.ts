import { ConnectPage, projectRow } from "./support/connect-page";
import { cloud, projectId, withoutMemberRole } from "./support/local-cloud";
import { toast } from "./support/sharing";
import { expect, test } from "./support/test";

test("connect alpha with a password and beta with an application credential, see both, disconnect one", async ({
  page,
}) => {
  const connect = new ConnectPage(page);
  await connect.withPassword("alpha-member", "alpha");
  await expect(page).toHaveURL(/\/projects$/);
  await expect(toast(page, "Connected alpha (RegionOne, RegionTwo).")).toBeVisible();

  const credential = cloud.applicationCredentials.beta!;
  await connect.withApplicationCredential(credential.id, credential.secret);
  await expect(page).toHaveURL(/\/projects$/);

  const alpha = projectRow(page, "alpha");
  const beta = projectRow(page, "beta");
  await expect(alpha).toContainText(projectId("alpha"));
  await expect(alpha).toContainText("Local demo cloud");
  await expect(alpha).toContainText("RegionOne, RegionTwo");
  await expect(alpha).toContainText("alpha-member");
  await expect(alpha).toContainText(/in (5\d|60) min/);
  await expect(beta).toContainText("beta-member");
  await expect(beta).toContainText("application credential");
  await expect(page.getByText("2 of at most 12 projects connected")).toBeVisible();

  // Nothing of the session is readable by the page's JavaScript.
  expect(await page.evaluate(() => document.cookie)).toBe("");

  await page.getByRole("button", { name: "Disconnect alpha (alpha-member)" }).click();
  await expect(toast(page, "Disconnected alpha; its token was revoked.")).toBeVisible();
  await expect(alpha).toHaveCount(0);
  await expect(beta).toBeVisible();
  await page.reload();
  await expect(projectRow(page, "alpha")).toHaveCount(0);
  await expect(projectRow(page, "beta")).toBeVisible();
});

test("one login lists every project of the user and connects the chosen ones at once", async ({
  page,
}) => {
  const connect = new ConnectPage(page);
  await connect.listProjectsOf("multi-member");
  const choices = page.getByRole("group", { name: /multi-member can reach 2 projects/ });
  await expect(choices.getByRole("checkbox")).toHaveCount(2);
  await choices.getByRole("button", { name: "Connect 2 projects" }).click();
  await expect(page).toHaveURL(/\/projects$/);
  await expect(projectRow(page, "alpha")).toContainText("multi-member");
  await expect(projectRow(page, "beta")).toContainText("multi-member");
});

test("a reader-only project is connected with a warning that sharing will be refused", async ({
  page,
}) => {
  const connect = new ConnectPage(page);
  await connect.withPassword("alpha-reader", "alpha");
  const row = projectRow(page, "alpha");
  await expect(row).toContainText("reader");
  await expect(row.getByRole("note")).toHaveText(
    /Read-only: Glance will refuse sharing, accepting and removing members/,
  );
});

test("projects from two domains are connected side by side, each with its regions and expiry", async ({
  page,
}) => {
  const connect = new ConnectPage(page);
  await connect.withPassword("alpha-member", "alpha");
  await expect(projectRow(page, "alpha")).toBeVisible();
  await connect.withPassword("partner-member", "partner", {
    userDomain: "partner",
    projectDomain: "partner",
  });
  for (const [name, domain] of [
    ["alpha", "Default"],
    ["partner", "partner"],
  ] as const) {
    const row = projectRow(page, name);
    await expect(row).toContainText(`domain ${domain}`);
    await expect(row).toContainText("RegionOne, RegionTwo");
    await expect(row).toContainText(/in \d+ min/);
  }
});

test("a wrong password is explained and nothing is connected", async ({ page }) => {
  const connect = new ConnectPage(page);
  await connect.withPassword("alpha-member", "alpha", { password: "not-the-password" });
  await expect(page.getByRole("alert").filter({ hasText: "Keystone refused" })).toHaveText(
    /Keystone refused the login: check the user name, password and user domain/,
  );
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
  await page.goto("/projects");
  await expect(page.getByRole("heading", { name: "No project connected" })).toBeVisible();
});

test("an openrc.sh fills in the form; the password is asked for, then the project connects", async ({
  page,
}) => {
  const connect = new ConnectPage(page);
  await connect.open();
  await page.getByText("Fill in from an openrc.sh or clouds.yaml").click();
  await page
    .getByLabel(/Paste the file/)
    .fill(
      [
        "export OS_AUTH_URL=http://127.0.0.1:5000/v3/",
        'export OS_USER_DOMAIN_NAME=${OS_USER_DOMAIN_NAME:-"Default"}',
        'export OS_PROJECT_DOMAIN_NAME=${OS_PROJECT_DOMAIN_NAME:-"Default"}',
        "export OS_TENANT_NAME=gamma",
        'export OS_USERNAME="gamma-member"',
        "read -sr OS_PASSWORD_INPUT",
        "export OS_PASSWORD=$OS_PASSWORD_INPUT",
      ].join("\n"),
    );
  await page.getByRole("button", { name: "Use pasted text" }).click();
  await expect(
    toast(page, "Filled in from openrc.sh. Enter the password to connect."),
  ).toBeVisible();
  await expect(page.getByLabel("Cloud")).toHaveValue("local");
  await expect(page.getByLabel("Username")).toHaveValue("gamma-member");
  await expect(page.getByLabel("Project", { exact: true })).toHaveValue("gamma");
  await page.getByLabel("Password", { exact: true }).fill(cloud.users["gamma-member"]!.password);
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(projectRow(page, "gamma")).toContainText("gamma-member");
});

test("a token revoked behind the dashboard's back marks only its project for reconnection", async ({
  page,
}) => {
  const connect = new ConnectPage(page);
  await connect.withPassword("alpha-member", "alpha");
  await expect(projectRow(page, "alpha")).toBeVisible();
  await connect.withPassword("beta-member", "beta");
  await expect(projectRow(page, "beta")).toBeVisible();

  // Removing the role makes Keystone revoke the user's tokens on that project.
  await withoutMemberRole("alpha-member", "alpha", async () => {
    await page.reload();
    await expect(projectRow(page, "alpha")).toContainText("Session expired");
    await expect(
      projectRow(page, "alpha").getByRole("link", { name: "Reconnect alpha" }),
    ).toBeVisible();
    await expect(projectRow(page, "beta")).not.toContainText("Session expired");
    await expect(projectRow(page, "beta")).toContainText(/in \d+ min/);
  });

  // Reconnecting opens the form filled in for that project.
  await projectRow(page, "alpha").getByRole("link", { name: "Reconnect alpha" }).click();
  await expect(page.getByLabel("Username")).toHaveValue("alpha-member");
  await expect(page.getByLabel("Project", { exact: true })).toHaveValue(projectId("alpha"));
  await page.getByLabel("Password", { exact: true }).fill(cloud.users["alpha-member"]!.password);
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(projectRow(page, "alpha")).not.toContainText("Session expired");
  await expect(page.getByText("2 of at most 12 projects connected")).toBeVisible();
});
