import { expect, type Page } from "@playwright/test";

import { DEMO_PASSWORD } from "./local-cloud";

/** The "Connect a project" page, driven by roles and labels as a person would. */
export class ConnectPage {
  constructor(readonly page: Page) {}

  async open(query = "") {
    await this.page.goto(`/projects/connect${query}`);
    await expect(this.page.getByRole("heading", { name: "Connect a project" })).toBeVisible();
  }

  async chooseMethod(name: "Password" | "Application credential" | "One login, many projects") {
    await this.page.getByRole("radio", { name: new RegExp(`^${name}`) }).check();
  }

  /** Opens the page and connects with a password (each `with…` starts from the page opened). */
  async withPassword(
    username: string,
    project: string,
    { password = DEMO_PASSWORD, userDomain = "Default", projectDomain = "Default" } = {},
  ) {
    await this.open();
    await this.chooseMethod("Password");
    await this.page.getByLabel("Username").fill(username);
    await this.page.getByLabel("User domain").fill(userDomain);
    await this.page.getByLabel("Password", { exact: true }).fill(password);
    await this.page.getByLabel("Project", { exact: true }).fill(project);
    await this.page.getByLabel("Project domain").fill(projectDomain);
    await this.page.getByRole("button", { name: "Connect", exact: true }).click();
  }

  async withApplicationCredential(id: string, secret: string) {
    await this.open();
    await this.chooseMethod("Application credential");
    await this.page.getByLabel("Application credential ID").fill(id);
    await this.page.getByLabel("Secret", { exact: true }).fill(secret);
    await this.page.getByRole("button", { name: "Connect", exact: true }).click();
  }

  async listProjectsOf(username: string, password = DEMO_PASSWORD) {
    await this.open();
    await this.chooseMethod("One login, many projects");
    await this.page.getByLabel("Username").fill(username);
    await this.page.getByLabel("Password", { exact: true }).fill(password);
    await this.page.getByRole("button", { name: "List my projects" }).click();
  }
}

/** The row of a connected project in the table of /projects. */
export const projectRow = (page: Page, project: string) =>
  page
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader").getByText(project, { exact: true }) });
