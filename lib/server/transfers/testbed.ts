// What the transfer tests on the real cloud share: logins, a journal of their own, images
// made for a test and deleted after it, and the ways to start and follow copies. Each test
// file that imports it gets its own (vitest runs each file in its own module graph).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterEach, beforeAll } from "vitest";
import type { z } from "zod";

import { uploadImageData, type GlanceTarget } from "@/lib/openstack/glance";
import { transferRequestSchema, type TransferDto } from "@/lib/schemas/transfers";
import { ProjectContext, rememberEndpoints } from "@/lib/server/core/context";
import { type StoredConnection } from "@/lib/server/session";
import { seededLogins, TEST_SECRET } from "@/lib/server/testing/browser";
import { written } from "@/lib/server/testing/written";
import { transfersSettled } from "@/lib/transfers/move";
import { glanceIn, imageJanitor } from "@/scripts/testing/local-cloud";
import { openstackCliQuiet } from "@/scripts/testing/openstack-cli";

import { readTransfers as readTransfersDto, startTransfers } from "./service";

/** The transfers as a browser in English reads them. */
export const readTransfers = async (projects: ProjectContext) =>
  written(await readTransfersDto(projects));

// The journal's database (and the transfers beside it) for this file only; read when first opened.
process.env.GLANCE_SHARE_DATA_DIR = mkdtempSync(path.join(tmpdir(), "glance-share-transfers-"));

// The janitor opens the cookies a transfer kept with the server's secret.
process.env.SESSION_SECRET = TEST_SECRET;
export const janitor = imageJanitor();
afterEach(() => janitor.cleanup());

export const logins = seededLogins({
  alpha: ["alpha-member", "alpha"],
  beta: ["beta-member", "beta"],
  partner: ["partner-member", "partner"],
  "alpha-reader": ["alpha-reader", "alpha"],
});
export const { tokens, browserWith } = logins;
export const storedOf = async (name: string) => logins.stored(name);
beforeAll(() => logins.login());

/** Starts transfers with a request as the route parses it (defaults filled in). */
export const start = async (
  projects: ProjectContext,
  request: z.input<typeof transferRequestSchema>,
) => written(await startTransfers(projects, transferRequestSchema.parse(request)));

export const glance = (name: string, region = "RegionOne"): GlanceTarget =>
  glanceIn(tokens[name]!, region);

/** An image of alpha's with data, made for one test. */
export async function sourceImage(
  name: string,
  bytes: Buffer,
  region = "RegionOne",
  extra: { protected?: boolean } = {},
) {
  const image = await janitor.create(glance("alpha", region), {
    name,
    diskFormat: "qcow2",
    tags: ["golden"],
    properties: { hw_disk_bus: "scsi" },
  });
  await uploadImageData(glance("alpha", region), image.id, bytes);
  if (extra.protected)
    await openstackCliQuiet("alpha", [
      "--os-region-name",
      region,
      "image",
      "set",
      "--protected",
      image.id,
    ]);
  return image.id;
}

/** Reads the transfers as the browser does until none of the batch runs any more. */
export async function settled(
  projects: () => Promise<ProjectContext>,
  batch: string,
  timeoutMs = 90_000,
): Promise<TransferDto[]> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const mine = (await readTransfers(await projects())).transfers.filter((t) => t.batch === batch);
    if (mine.length > 0 && transfersSettled(mine)) return mine;
    if (Date.now() > end)
      throw new Error(`transfers still running: ${JSON.stringify(mine.map((t) => t.status))}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Copies alpha's image (RegionOne) into a project's RegionTwo (alpha's own or beta's) as a
 * browser connected to both would, to its end; the copy is deleted after the test.
 */
export async function copyOnce(
  imageId: string,
  into: "alpha" | "beta",
  options: { move?: boolean; keepMembers?: boolean } = {},
) {
  const target = { connection: into, region: "RegionTwo" };
  const browser = () => browserWith(...new Set(["alpha", into]));
  const { transfers } = await start(await browser(), {
    images: [{ source: { connection: "alpha", region: "RegionOne" }, imageId }],
    targets: [target],
    ...options,
  });
  const [done] = await settled(browser, transfers[0]!.batch);
  if (done!.target.imageId)
    janitor.track(glance(target.connection, target.region), done!.target.imageId);
  return { started: transfers[0]!, done: done! };
}

/**
 * Copies `imageId` into beta through alpha's connection pointed at another server (a
 * hostile one) as its RegionOne Glance; returns the browser, to follow the copy with.
 */
export async function copyFromServer(id: string, url: string, imageId: string) {
  const source: StoredConnection = { ...(await storedOf("alpha")), id };
  rememberEndpoints(source, [{ region: "RegionOne", url }]);
  const browser = () => browserWith("beta", source);
  const { transfers } = await start(await browser(), {
    images: [{ source: { connection: id, region: "RegionOne" }, imageId }],
    targets: [{ connection: "beta", region: "RegionOne" }],
    move: false,
  });
  return { browser, transfers };
}
