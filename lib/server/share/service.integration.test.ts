// Share runs on the real cloud: the wizard's whole run as a server job, checked with the CLI.
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterEach, beforeAll, describe, expect, it } from "vitest";

import { shareRunRequestSchema } from "@/lib/schemas/share";
import type { ProjectContext } from "@/lib/server/core/context";
import { registerResumer, sweepJobs, type NewJobRow } from "@/lib/server/core/jobs/store";
import { journalDb } from "@/lib/server/core/journal";
import { seededLogins, TEST_SECRET } from "@/lib/server/testing/browser";
import { insertDeadJob, untilEnded } from "@/lib/server/testing/jobs";
import { written } from "@/lib/server/testing/written";
import { cloud, glanceIn, imageJanitor } from "@/scripts/testing/local-cloud";
import { cliMembers, openstackCli, openstackCliQuiet } from "@/scripts/testing/openstack-cli";

import { readShareRun as readShareRunDto, resumeShareRun, startShareRun } from "./service";

/** A run as a browser in English reads it. */
const readShareRun = async (...args: Parameters<typeof readShareRunDto>) =>
  written(await readShareRunDto(...args));

process.env.GLANCE_SHARE_DATA_DIR = mkdtempSync(path.join(tmpdir(), "glance-share-runs-"));
process.env.SESSION_SECRET = TEST_SECRET;

const logins = seededLogins({
  alpha: ["alpha-member", "alpha"],
  "alpha-reader": ["alpha-reader", "alpha"],
});
beforeAll(() => logins.login());
const janitor = imageJanitor();
afterEach(() => janitor.cleanup());

/** A share run of alpha's, as alpha-member, whose server died. */
const deadJob = (values: Partial<NewJobRow>) =>
  insertDeadJob(logins.tokens.alpha!, { kind: "share", ...values });

const ended = (projects: ProjectContext, id: string) =>
  untilEnded(() => readShareRun(projects, id));

const members = (imageId: string) => cliMembers("alpha", imageId);

describe("share runs on the real cloud", () => {
  it("makes a private image shared, then invites every project; one already a member says so", async () => {
    const glance = glanceIn(logins.tokens.alpha!);
    const image = await janitor.create(glance, {
      name: `share-run-${Date.now()}`,
      visibility: "private",
    });
    const [beta, gamma] = [cloud.projects.beta!.id, cloud.projects.gamma!.id];
    const browser = await logins.browserWith("alpha");
    const ask = (memberIds: string[]) =>
      shareRunRequestSchema.parse({
        connection: "alpha",
        pairs: memberIds.map((memberId) => ({ region: "RegionOne", imageId: image.id, memberId })),
      });
    const first = await startShareRun(browser, ask([beta]));
    expect(first.pairs).toEqual({ [`RegionOne|${image.id}|${beta}`]: expect.anything() });
    expect((await ended(browser, first.id)).status).toBe("done");

    const unknown = "0".repeat(32);
    const run = await ended(
      browser,
      (await startShareRun(browser, ask([beta, gamma, unknown]))).id,
    );
    expect(run.status).toBe("done");
    expect(run.pairs[`RegionOne|${image.id}|${beta}`]).toMatchObject({
      state: "existing",
      status: "pending",
    });
    expect(run.pairs[`RegionOne|${image.id}|${gamma}`]).toMatchObject({ state: "added" });
    expect(await members(image.id)).toMatchObject({ [beta]: "pending", [gamma]: "pending" });
    expect(
      (await openstackCli<{ visibility: string }>("alpha", ["image", "show", image.id])).visibility,
    ).toBe("shared");
    // The first run made it shared; the second found it so.
    expect((await readShareRun(browser, first.id)).visibility).toEqual({
      [`RegionOne|${image.id}`]: { state: "done", journalError: null },
    });
    expect(run.visibility).toEqual({});
  });

  it("refuses a reader before anything is asked of Glance", async () => {
    const browser = await logins.browserWith("alpha-reader");
    await expect(
      startShareRun(
        browser,
        shareRunRequestSchema.parse({
          connection: "alpha-reader",
          pairs: [
            { region: "RegionOne", imageId: randomUUID(), memberId: cloud.projects.beta!.id },
          ],
        }),
      ),
    ).rejects.toThrow(/connected with the reader role only/);
  });

  it("is read by a browser of its project only; one whose server died is marked interrupted, with what it did", async () => {
    const db = await journalDb();
    const done = { state: "added", status: "pending", journalError: null };
    const id = await deadJob({
      progress: JSON.stringify({ visibility: {}, pairs: { a: done, b: { state: "waiting" } } }),
    });
    const alpha = await logins.browserWith("alpha");
    expect((await readShareRun(alpha, id)).status).toBe("running");
    await sweepJobs(db, 30);
    const run = await readShareRun(alpha, id);
    expect(run).toMatchObject({
      status: "interrupted",
      pairs: { a: done, b: { state: "waiting" } },
    });
    expect(run.error).toMatch(/^The server stopped while this ran/);
    await expect(readShareRun(await logins.browserWith(), id)).rejects.toThrow(
      "No such share run of a project connected here.",
    );
  });

  it("resumes, as its person, a run whose server died: an invitation recorded as made is not made again, the others are (the CLI agrees)", async () => {
    registerResumer("share", resumeShareRun);
    const image = await janitor.create(glanceIn(logins.tokens.alpha!), {
      name: `share-resume-${Date.now()}`,
      visibility: "shared",
    });
    const [beta, gamma] = [cloud.projects.beta!.id, cloud.projects.gamma!.id];
    const key = (member: string) => `RegionOne|${image.id}|${member}`;
    // The server that died had invited beta, and recorded it; gamma it had not reached.
    await openstackCliQuiet("alpha", ["image", "add", "project", image.id, beta]);
    const made = { state: "added", status: "pending", journalError: null };
    const browser = await logins.browserWith("alpha");
    const dead = (values: Partial<NewJobRow>) =>
      deadJob({
        input: JSON.stringify({
          connection: "alpha",
          pairs: [beta, gamma].map((memberId) => ({
            region: "RegionOne",
            imageId: image.id,
            memberId,
          })),
        }),
        progress: JSON.stringify({
          visibility: {},
          pairs: { [key(beta)]: made, [key(gamma)]: { state: "waiting" } },
        }),
        credentials: JSON.stringify(browser.session.sealedConnections(["alpha"])),
        ...values,
      });
    const resumed = await dead({});
    // One whose person's session is not kept, and one resumed too often already, stay interrupted.
    const sessionGone = await dead({ credentials: JSON.stringify({}) });
    const tooOften = await dead({});
    const db = await journalDb();
    await db.updateTable("jobs").set({ resumes: 3 }).where("id", "=", tooOften).execute();

    await sweepJobs(db, 30);
    expect(await ended(browser, resumed)).toMatchObject({
      status: "done",
      pairs: { [key(beta)]: made, [key(gamma)]: { state: "added", status: "pending" } },
    });
    expect(await members(image.id)).toEqual({ [beta]: "pending", [gamma]: "pending" });
    const row = await db
      .selectFrom("jobs")
      .select(["resumes", "credentials", "lease_owner"])
      .where("id", "=", resumed)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ resumes: 1, credentials: null, lease_owner: null });

    const gone = await ended(browser, sessionGone);
    expect(gone.status).toBe("interrupted");
    expect(gone.error).toMatch(/Another server could not take it over: /);
    expect((await ended(browser, tooOften)).status).toBe("interrupted");
  });
});
