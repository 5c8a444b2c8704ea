// Rollouts on the real cloud, resumed after their server died, checked with the CLI.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterEach, beforeAll, describe, expect, it } from "vitest";

import type { ProjectContext } from "@/lib/server/core/context";
import { registerResumer, sweepJobs } from "@/lib/server/core/jobs/store";
import { journalDb } from "@/lib/server/core/journal";
import { seededLogins, TEST_SECRET } from "@/lib/server/testing/browser";
import { insertDeadJob, untilEnded } from "@/lib/server/testing/jobs";
import { cloud, glanceIn, imageJanitor } from "@/scripts/testing/local-cloud";
import { cliMembers, openstackCli, openstackCliQuiet } from "@/scripts/testing/openstack-cli";

import { readRolloutRun, resumeRolloutRun } from "./service";

process.env.GLANCE_SHARE_DATA_DIR = mkdtempSync(path.join(tmpdir(), "glance-share-rollouts-"));
process.env.SESSION_SECRET = TEST_SECRET;
// The rollout reads the cloud's member quota from its configuration.
process.env.GLANCE_SHARE_PRESETS = "local";

const logins = seededLogins({ alpha: ["alpha-member", "alpha"] });
beforeAll(() => logins.login());
const janitor = imageJanitor();
afterEach(() => janitor.cleanup());

const ended = (projects: ProjectContext, id: string) =>
  untilEnded(() => readRolloutRun(projects, id));

const membersOf = (imageId: string) => cliMembers("alpha", imageId);

describe("rollouts on the real cloud", () => {
  it("resumes, as its person, a rollout whose server died after claiming a removal: planned again from Glance, it finishes what was left, and what was done keeps its record", async () => {
    registerResumer("rollout", resumeRolloutRun);
    const glance = glanceIn(logins.tokens.alpha!);
    const stamp = Date.now();
    const old = await janitor.create(glance, {
      name: `rollout-old-${stamp}`,
      visibility: "shared",
    });
    const next = await janitor.create(glance, {
      name: `rollout-new-${stamp}`,
      visibility: "shared",
    });
    const [beta, gamma] = [cloud.projects.beta!.id, cloud.projects.gamma!.id];
    // beta and gamma use the old version. The server that died had invited both to the new
    // one and claimed beta's removal from the old one; gamma's it had not reached.
    for (const member of [beta, gamma]) {
      await openstackCliQuiet("alpha", ["image", "add", "project", old.id, member]);
      await openstackCliQuiet(member === beta ? "beta" : "gamma", [
        "image",
        "set",
        "--accept",
        old.id,
      ]);
      await openstackCliQuiet("alpha", ["image", "add", "project", next.id, member]);
    }
    const invited = { state: "done", journalError: null, status: "pending" };
    const id = await insertDeadJob(logins.tokens.alpha!, {
      kind: "rollout",
      input: JSON.stringify({
        connection: "alpha",
        region: "RegionOne",
        oldId: old.id,
        nextId: next.id,
        options: { includePending: false, hideOld: true, removeOldMembers: true },
        title: "Roll out",
      }),
      progress: JSON.stringify({
        steps: { share: null, predecessor: null, hide: { state: "waiting" } },
        members: {
          [beta]: { invite: invited, remove: { state: "running" } },
          [gamma]: { invite: invited, remove: { state: "waiting" } },
        },
      }),
      credentials: JSON.stringify(
        (await logins.browserWith("alpha")).session.sealedConnections(["alpha"]),
      ),
    });
    const db = await journalDb();

    await sweepJobs(db, 30);
    const run = await ended(await logins.browserWith("alpha"), id);
    expect(run).toMatchObject({
      status: "done",
      steps: { hide: { state: "done" } },
      members: {
        [beta]: { invite: invited, remove: { state: "done" } },
        [gamma]: { invite: { state: "done" }, remove: { state: "done" } },
      },
    });
    expect(await membersOf(old.id)).toEqual({});
    expect(await membersOf(next.id)).toEqual({ [beta]: "pending", [gamma]: "pending" });
    expect(
      (
        await openstackCli<{ properties: { os_hidden?: boolean } }>("alpha", [
          "image",
          "show",
          old.id,
        ])
      ).properties.os_hidden,
    ).toBe(true);
  });
});
