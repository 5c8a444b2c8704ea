// The dashboard in French: chosen from the browser's languages on a first visit, switched
// from the header where the person is, and the guide's workflow walked in French, checked
// with the openstack CLI as the English walk is.
import { randomBytes } from "node:crypto";

import { connectAs } from "./support/api";
import { uploadData } from "./support/glance";
import { DEMO_PASSWORD, openstackCli, projectId } from "./support/local-cloud";
import { cliMembers, rowWith, throwawayImages, toast } from "./support/sharing";
import { expect, test } from "./support/test";

test.use({ locale: "fr-FR" });

const images = throwawayImages();
test.afterEach(() => images.cleanup());

// French puts a narrow no-break space before ":" and ";", and writes ’ for the apostrophe.
const NNBSP = "\u202f";
// "3 déc. 2026, 18:12 UTC": day, abbreviated month, year, 24-hour time.
const FRENCH_DATE =
  /(?<!\d)\d{1,2} (janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc)\.? 20\d\d, \d\d:\d\d UTC\b/;

test("a French browser gets French on its first visit; the header's switcher changes the language where the person is, and the choice is kept", async ({
  page,
}) => {
  await connectAs(page, "alpha-member", "alpha");
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(
    page.getByRole("heading", { level: 1, name: "Partagez des images Glance entre vos projets" }),
  ).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Principale" })).toContainText("Partager");

  // A search typed on the image list is kept when the language changes: same page, same field.
  await page.goto("/images");
  await page.getByLabel("Rechercher", { exact: true }).fill("pfsense");
  await expect(page).toHaveURL(/q=pfsense/);
  const url = page.url();
  await page.getByLabel("Langue").selectOption("en");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1, name: "Images" })).toBeVisible();
  await expect(page.getByLabel("Search", { exact: true })).toHaveValue("pfsense");
  await expect(page.getByRole("tab", { name: "Owned" })).toBeVisible();
  expect(page.url()).toBe(url);

  // The choice outlives the page: a reload stays in English although the browser asks for French.
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByLabel("Language")).toHaveValue("en");
  await page.getByLabel("Language").selectOption("fr");
  await expect(page.getByRole("tab", { name: "Possédées" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
});

test("the guide in French: connect, share, accept, audit and copy, with French dates and sizes; the CLI shows what the pages say", async ({
  page,
}) => {
  const name = `guide-fr-${Date.now()}`;
  const imageId = await images.create("alpha", name, {
    disk_format: "qcow2",
    container_format: "bare",
  });
  await uploadData("alpha", imageId, randomBytes(1.5 * 2 ** 20));
  const betaId = projectId("beta");

  // Connect: the form in French, as a person fills it.
  await page.goto("/projects/connect");
  await expect(page.getByRole("heading", { level: 1, name: "Connecter un projet" })).toBeVisible();
  await page.getByRole("radio", { name: /^Mot de passe/ }).check();
  await page.getByRole("textbox", { name: "Nom d’utilisateur" }).fill("alpha-member");
  await page.getByLabel("Projet", { exact: true }).fill("alpha");
  // Keystone's refusal, chosen by its code, reads in French too.
  await page.getByLabel("Mot de passe", { exact: true }).fill(`${DEMO_PASSWORD}-wrong`);
  await page.getByRole("button", { name: "Connecter", exact: true }).click();
  await expect(
    page.getByText(
      "Keystone a refusé la connexion\u202f: vérifiez le nom d’utilisateur, le mot de passe et le domaine de l’utilisateur, et que l’utilisateur a un rôle sur ce projet.",
    ),
  ).toBeVisible();
  await page.getByLabel("Mot de passe", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Connecter", exact: true }).click();
  await expect(toast(page, /^alpha connecté \(RegionOne, RegionTwo\)\.$/)).toBeVisible();
  await connectAs(page, "beta-member", "beta");

  // Share: the list, the wizard and its review, in French; sizes in French units.
  await page.goto("/images");
  const row = rowWith(page, name);
  await expect(row).toContainText(`1,5\u00a0Mio`);
  await expect(row).toContainText(FRENCH_DATE);
  await page.getByRole("checkbox", { name: `Sélectionner ${name} (alpha, RegionOne)` }).check();
  await page.getByRole("button", { name: "Partager 1 image sélectionnée" }).click();
  await page.getByRole("button", { name: "Suivant" }).click();
  await page.getByRole("checkbox", { name: /^beta/ }).check();
  await page.getByRole("button", { name: "Suivant" }).click();
  const review = page.getByRole("region", { name: "Vérifier avant de partager" });
  await expect(review).toContainText(`la visibilité passe de privée → partagée`);
  await expect(review.getByLabel("commandes openstack", { exact: true })).toContainText(
    `image add project ${imageId} ${betaId}`,
  );
  await page.getByRole("button", { name: "Envoyer 1 invitation" }).click();
  await expect(toast(page, "1 invité · 0 déjà membre · 0 échec")).toBeVisible();
  expect(await cliMembers("alpha", imageId)).toEqual({ [betaId]: "pending" });

  // Accept: beta's invitations, one click.
  await page.goto("/invitations");
  await page
    .getByRole("row")
    .filter({ hasText: name })
    .getByRole("button", { name: `Accepter ${name} en tant que beta` })
    .click();
  await expect(toast(page, `Accepté${NNBSP}: ${name}.`)).toBeVisible();
  expect(await cliMembers("alpha", imageId)).toEqual({ [betaId]: "accepted" });

  // Audit: beta's row, its status and dates in French.
  await page.goto("/access");
  await expect(page.getByRole("progressbar", { name: /images? partagées? lues? en/ })).toBeVisible({
    timeout: 30_000,
  });
  const member = rowWith(page, name).filter({ hasText: betaId });
  await expect(member).toContainText("acceptée");
  await expect(member).toContainText(FRENCH_DATE);

  // Copy: into beta's RegionTwo, from the image's page, until Glance's hashes are checked.
  await page.getByRole("link", { name, exact: true }).click();
  await page.getByRole("button", { name: "Copier vers…" }).click();
  await page.getByRole("checkbox", { name: "beta · RegionTwo" }).check();
  const copyReview = page.getByRole("region", { name: "Vérifier avant de copier" });
  await expect(copyReview).toContainText(`1,5\u00a0Mio vers 1 emplacement`);
  await page.getByRole("button", { name: "Copier vers 1 emplacement" }).click();
  const copied = rowWith(page, "beta (RegionTwo)");
  await expect(copied.getByText("Vérifiée", { exact: true })).toBeVisible({ timeout: 60_000 });
  // The server's note on how it was copied, kept with the transfer, is written in French.
  await expect(copied).toContainText(/Transmise par ce serveur|Copiée par le Glance de RegionTwo/);
  const copies = await openstackCli<{ ID: string; Name: string; Status: string }[]>(
    "beta",
    ["image", "list", "--property", `glance_share_source_image=${imageId}`],
    "RegionTwo",
  );
  for (const c of copies) images.track("beta", c.ID, "RegionTwo");
  expect(copies.map((c) => [c.Name, c.Status])).toEqual([[name, "active"]]);
});

test("what the browser itself says of a call that got no answer, and what the server refuses, is French too", async ({
  page,
}) => {
  await connectAs(page, "alpha-member", "alpha");
  // The image list's calls go nowhere: the page says why in French, not in English.
  await page.route("**/api/images?**", (route) => route.abort("connectionrefused"));
  await page.goto("/images");
  await expect(
    page.getByText(
      `Le serveur du tableau de bord est injoignable. Vérifiez votre connexion et réessayez.`,
    ),
  ).toBeVisible();
  await page.unroute("**/api/images?**");

  // A request of the wrong shape: the server's refusal is chosen by its code, in French.
  const refused = await page.request.get("/api/images?sort=bogus", {
    headers: { "Accept-Language": "fr-FR" },
  });
  expect(refused.status()).toBe(400);
  const body = (await refused.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe("validation");
  expect(body.error.message).toMatch(
    new RegExp(`^La requête n’est pas valide${NNBSP}: Option invalide`),
  );
});
