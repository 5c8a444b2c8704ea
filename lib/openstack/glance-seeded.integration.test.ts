// Against the local cloud's real Glance (scripts/local-cloud up, freshly reset): what each
// project sees of the seeded images, compared as a whole. These run alone (the
// "integration-alone" project): another test's images would show in the lists.
import { randomUUID } from "node:crypto";

import { afterEach, beforeAll, describe, expect, it } from "vitest";

import { glanceIn, imageJanitor, loginAs, projectId } from "@/scripts/testing/local-cloud";
import { openstackCli } from "@/scripts/testing/openstack-cli";

import {
  listAllImages,
  listImages,
  listSharedWithProject,
  scanImages,
  type GlanceTarget,
} from "./glance";

type CliImage = { ID: string; Name: string };

let alpha: GlanceTarget;
let beta: GlanceTarget;
let gamma: GlanceTarget;
let alphaTwo: GlanceTarget;
let betaTwo: GlanceTarget;
const janitor = imageJanitor();

beforeAll(async () => {
  const [a, b, g] = await Promise.all([
    loginAs("alpha-member", "alpha"),
    loginAs("beta-member", "beta"),
    loginAs("gamma-member", "gamma"),
  ]);
  [alpha, beta, gamma] = [glanceIn(a), glanceIn(b), glanceIn(g)];
  [alphaTwo, betaTwo] = [glanceIn(a, "RegionTwo"), glanceIn(b, "RegionTwo")];
});
afterEach(() => janitor.cleanup());

const names = (images: { name: string | null }[]) => images.map((i) => i.name).sort();

describe("listing images", () => {
  it("shows a project what the CLI shows it: own images, accepted shares and public ones", async () => {
    const ours = await listAllImages(alpha, {});
    const cli = await openstackCli<CliImage[]>("alpha", ["image", "list"]);
    expect(names(ours)).toEqual(cli.map((i) => i.Name).sort());
    expect(names(ours)).toEqual([
      "centos-stream-9-build",
      "cirros-0.6.2",
      "debian-12-hardened",
      "nginx-proxy-2024.06",
      "pfsense-2.7.2-backup",
      "ubuntu-22.04-snapshot",
    ]);
  });

  it("keeps regions apart", async () => {
    expect(names(await listAllImages(alphaTwo, { owner: projectId("alpha") }))).toEqual([
      "pfsense-2.7.2-backup",
      "windows-server-2022-golden",
    ]);
  });

  it("filters by visibility, owner, name, disk format and sorts", async () => {
    expect(names(await listAllImages(alpha, { visibility: "private" }))).toEqual([
      "debian-12-hardened",
    ]);
    expect(names(await listAllImages(alpha, { owner: projectId("beta") }))).toEqual([
      "centos-stream-9-build",
    ]);
    expect(names(await listAllImages(alpha, { name: "cirros-0.6.2" }))).toEqual(["cirros-0.6.2"]);
    expect(
      names(await listAllImages(alpha, { diskFormat: "raw", owner: projectId("alpha") })),
    ).toEqual(["nginx-proxy-2024.06"]);
    const sorted = await listAllImages(alpha, { sort: "name:desc" });
    expect(sorted.map((i) => i.name)).toEqual(names(sorted).reverse());
  });

  it("follows Glance's next links page by page to the same set", async () => {
    const tag = `page-${randomUUID().slice(0, 8)}`;
    await Promise.all(
      [1, 2, 3, 4, 5].map((n) => janitor.create(alpha, { name: `paged-${n}`, tags: [tag] })),
    );
    const seen: string[] = [];
    let page = await listImages(alpha, { tag: [tag], limit: 2, sort: "name:asc" });
    const sizes = [page.images.length];
    seen.push(...page.images.map((i) => i.name!));
    while (page.next) {
      expect(page.next).toMatch(/^\/v2\/images\?.*marker=/);
      page = await listImages(alpha, { next: page.next });
      sizes.push(page.images.length);
      seen.push(...page.images.map((i) => i.name!));
    }
    expect(seen).toEqual(["paged-1", "paged-2", "paged-3", "paged-4", "paged-5"]);
    expect(sizes.slice(0, 3)).toEqual([2, 2, 1]);
    expect(names(await listAllImages(alpha, { tag: [tag], limit: 2 }))).toEqual(seen);
  });

  it("scans pages for matches and resumes from where it stopped without skipping any", async () => {
    const tag = `scan-${randomUUID().slice(0, 8)}`;
    await Promise.all(
      ["a-match-1", "b-other", "c-match-2", "d-other", "e-other", "f-match-3", "g-match-4"].map(
        (name) => janitor.create(alpha, { name, tags: [tag] }),
      ),
    );
    const keep = (i: { name: string | null }) => i.name!.includes("match");
    const first = await scanImages(
      alpha,
      { tag: [tag], limit: 2, sort: "name:asc" },
      { want: 2, maxPages: 10, keep },
    );
    // Pages [a, b] and [c, d] hold two matches: the scan stops there, after whole pages.
    expect(first.images.map((i) => i.name)).toEqual(["a-match-1", "c-match-2"]);
    expect(first.scanned).toBe(4);
    expect(first.next).not.toBeNull();
    const rest = await scanImages(alpha, { next: first.next! }, { want: 10, maxPages: 10, keep });
    expect(rest.images.map((i) => i.name)).toEqual(["f-match-3", "g-match-4"]);
    expect(rest.next).toBeNull();
    // A page budget bounds the walk even without enough matches.
    const bounded = await scanImages(
      alpha,
      { tag: [tag], limit: 2, sort: "name:asc" },
      { want: 10, maxPages: 1, keep: () => false },
    );
    expect(bounded).toMatchObject({ images: [], scanned: 2 });
    expect(bounded.next).toMatch(/^\/v2\/images\?/);
  });
});

describe("invitations", () => {
  it("drops the caller's own shared images that Glance mixes into the pending list", async () => {
    const raw = await listAllImages(beta, { visibility: "shared", memberStatus: "pending" });
    expect(names(raw)).toContain("centos-stream-9-build"); // beta's own image: the quirk
    expect(names(await listSharedWithProject(beta, projectId("beta"), "pending"))).toEqual([
      "ubuntu-22.04-snapshot",
    ]);
    expect(names(await listSharedWithProject(beta, projectId("beta"), "accepted"))).toEqual([
      "pfsense-2.7.2-backup",
    ]);
    expect(names(await listSharedWithProject(gamma, projectId("gamma"), "rejected"))).toEqual([
      "centos-stream-9-build",
    ]);
    expect(names(await listSharedWithProject(alphaTwo, projectId("alpha"), "pending"))).toEqual([
      "rocky-9-db-snapshot",
    ]);
    expect(await listSharedWithProject(betaTwo, projectId("beta"), "pending")).toEqual([]);
  });
});
