// The list of jobs and cancelling one, on a real database with real logins.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { beforeAll, describe, expect, it } from "vitest";

import { journalDb } from "@/lib/server/core/journal";
import { seededLogins } from "@/lib/server/testing/browser";
import { insertTestJob } from "@/lib/server/testing/jobs";
import { cloud } from "@/scripts/testing/local-cloud";

import { cancelJob, readJobs } from "./service";

process.env.GLANCE_SHARE_DATA_DIR = mkdtempSync(path.join(tmpdir(), "glance-share-jobs-"));

const logins = seededLogins({
  alpha: ["alpha-member", "alpha"],
  "alpha-reader": ["alpha-reader", "alpha"],
  beta: ["beta-member", "beta"],
});
beforeAll(() => logins.login());

async function runningJob(): Promise<string> {
  const { id } = await insertTestJob({
    kind: "rollout",
    user_id: "someone-else",
    user_name: "alpha-admin",
    cloud: cloud.authUrl,
    project_id: cloud.projects.alpha!.id,
    project_name: "alpha",
    status: "running",
    input: JSON.stringify({ title: "Roll out: v2 replaces v1" }),
    progress: JSON.stringify({ steps: { share: { state: "done", journalError: null } } }),
  });
  return id;
}

describe("jobs", () => {
  it("lists a project's jobs to its browsers only; a reader cannot cancel one, a member can", async () => {
    const id = await runningJob();
    const reader = await logins.browserWith("alpha-reader");
    expect((await readJobs(reader)).jobs.find((j) => j.id === id)).toMatchObject({
      title: "Roll out: v2 replaces v1",
      status: "running",
      steps: { done: 1, failed: 0, total: 1 },
    });
    expect((await readJobs(await logins.browserWith("beta"))).jobs.map((j) => j.id)).not.toContain(
      id,
    );
    await expect(cancelJob(reader, id)).rejects.toThrow(
      "Only alpha-admin, who started it, or a member of alpha can cancel it.",
    );
    await cancelJob(await logins.browserWith("alpha"), id);
    const row = await (
      await journalDb()
    )
      .selectFrom("jobs")
      .select("cancel_requested")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.cancel_requested).toBe(1);
  });
});
