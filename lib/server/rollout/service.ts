import "server-only";

import { mapSettled } from "@/lib/concurrency";
import { AppError } from "@/lib/errors";
import { say } from "@/lib/i18n/sentence";
import { keep } from "@/lib/i18n/write";
import { OpenStackError } from "@/lib/openstack/errors";
import { getImage, listMembers, type Image } from "@/lib/openstack/glance";
import { planRollout, type RolloutImage, type RolloutPlan } from "@/lib/rollout/plan";
import {
  rolloutRunRequestSchema,
  type MemberRun,
  type RolloutRunDto,
  type RolloutRunRequest,
  type StepState,
} from "@/lib/schemas/rollout";
import { applyImageChange } from "@/lib/server/common/image-change";
import { predecessorOf } from "@/lib/server/common/image-summary";
import { failedInvite, inviteProject, removeProject } from "@/lib/server/common/members";
import { cloudOfConnection } from "@/lib/server/core/clouds";
import { withGlance, type ProjectContext, type Source } from "@/lib/server/core/context";
import { errorOf, FAN_OUT } from "@/lib/server/core/fan-out";
import { refuseOverCaps } from "@/lib/server/core/jobs/caps";
import { JobRun, resumeJob } from "@/lib/server/core/jobs/runner";
import { readJob, recordJob, type JobRow, type RecordedJob } from "@/lib/server/core/jobs/store";
import { journalDb } from "@/lib/server/core/journal";
import { logFailure } from "@/lib/server/log";

const KIND = "rollout";

interface RolloutProgress {
  steps: { share: StepState | null; predecessor: StepState | null; hide: StepState | null };
  members: Record<string, MemberRun>;
}

const asRollout = (image: Image, region: string): RolloutImage => ({
  id: image.id,
  name: image.name,
  region,
  visibility: image.visibility,
  hidden: image.hidden,
  createdAt: image.createdAt,
  predecessorId: predecessorOf(image),
});

/** An image's members as Glance has them; a private image's are hidden (none to move). */
async function membersOf(source: Source, imageId: string) {
  try {
    return (await withGlance(source, (glance) => listMembers(glance, imageId))).map((m) => ({
      id: m.memberId,
      name: null,
      status: m.status,
      createdAt: m.createdAt,
    }));
  } catch (err) {
    if (err instanceof OpenStackError && err.code === "not_shared") return [];
    throw err;
  }
}

/**
 * A rollout planned from what Glance says now (so one already run plans nothing): the
 * owner's source (refused when its session has expired or it may only read), the plan and
 * its steps, all waiting. `beforeGlance` may refuse first.
 */
async function prepareRollout(
  projects: ProjectContext,
  request: RolloutRunRequest,
  beforeGlance: (source: Source) => Promise<void> = async () => undefined,
) {
  const source = await projects.source(request);
  const { stored, expired, readOnly } = source.connection;
  if (expired || readOnly)
    throw new AppError(
      expired ? "token_expired" : "forbidden",
      expired
        ? say("session.expiredShort", { project: stored.project.name })
        : say("session.readerCannotShare", {
            project: stored.project.name,
            roles: stored.roles.join(", "),
          }),
    );
  await beforeGlance(source);
  const [old, next, oldMembers, newMembers] = await Promise.all([
    withGlance(source, (glance) => getImage(glance, request.oldId)),
    withGlance(source, (glance) => getImage(glance, request.nextId)),
    membersOf(source, request.oldId),
    membersOf(source, request.nextId),
  ]);
  for (const image of [old, next])
    if (image.owner !== stored.project.id)
      throw new AppError(
        "not_owner",
        say("images.notOwnerRollout", { image: image.name ?? image.id }),
      );
  const plan = planRollout(
    asRollout(old, request.region),
    asRollout(next, request.region),
    oldMembers,
    newMembers,
    request.options,
    cloudOfConnection(stored.cloud, stored.authUrl).memberQuota,
  );
  const progress: RolloutProgress = {
    steps: {
      share: plan.makeShared ? { state: "waiting" } : null,
      predecessor: plan.setPredecessor ? { state: "waiting" } : null,
      hide: plan.hideOld ? { state: "waiting" } : null,
    },
    members: Object.fromEntries(
      plan.members
        .filter((m) => m.action === "invite" || (m.action === "already" && m.removeFromOld))
        .map((m) => [
          m.member.id,
          {
            invite:
              m.action === "already"
                ? { state: "done", journalError: null, status: m.onNew ?? undefined }
                : { state: "waiting" },
            remove: m.removeFromOld ? { state: "waiting" } : null,
          },
        ]),
    ),
  };
  const title = keep(
    say("jobs.titleRollout", { next: next.name ?? next.id, old: old.name ?? old.id }),
  );
  return { source, plan, progress, title };
}

/**
 * Starts a rollout on the server: it goes on after the request, whatever the browser does,
 * and its progress is read with `readRolloutRun`.
 */
export async function startRolloutRun(
  projects: ProjectContext,
  request: RolloutRunRequest,
): Promise<RolloutRunDto> {
  const db = await journalDb();
  const { source, plan, progress, title } = await prepareRollout(projects, request, (first) =>
    refuseOverCaps(db, first, [first], 1),
  );
  const job = await recordJob(db, KIND, projects, source, { ...request, title }, progress);
  new RolloutRun(job, progress, source, plan)
    .run()
    .catch((err: unknown) => logFailure("rollout not run", err));
  return readRolloutRun(projects, job.id);
}

/**
 * Resumes a rollout whose server died, as its person, planned again from what Glance says
 * now. What the new plan no longer needs was done: a step, invitation or removal the dead
 * server had not finished is marked done, and those it had finished keep their record.
 */
export const resumeRolloutRun = (job: RecordedJob, row: JobRow) =>
  resumeJob(job, row, async (projects) => {
    const request = rolloutRunRequestSchema.parse(JSON.parse(row.input));
    const { source, plan, progress } = await prepareRollout(projects, request);
    const before = JSON.parse(row.progress) as RolloutProgress;
    // Not in the new plan: Glance says it is done (by the dead server, or by anyone since).
    const settled = <S extends StepState>(state: S | null): S | StepState | null =>
      state?.state === "running" || state?.state === "waiting"
        ? { state: "done", journalError: null }
        : state;
    const steps = Object.fromEntries(
      Object.entries(progress.steps).map(([name, fresh]) => [
        name,
        fresh ?? settled(before.steps[name as keyof RolloutProgress["steps"]]),
      ]),
    ) as RolloutProgress["steps"];
    const members = { ...before.members };
    for (const [id, m] of Object.entries(members))
      members[id] = { invite: settled(m.invite)!, remove: settled(m.remove) };
    return new RolloutRun(
      job,
      { steps, members: { ...members, ...progress.members } },
      source,
      plan,
    );
  });

/** A rollout of a project connected here. */
export async function readRolloutRun(projects: ProjectContext, id: string): Promise<RolloutRunDto> {
  return readJob<RolloutProgress>(projects, KIND, id, say("jobs.notFound.rollout"));
}

/**
 * The rollout's steps, in the order that never leaves a consumer without an image: the new
 * version is made shared and marked as the old one's successor, every member is invited to
 * it, only then is a member removed from the old image (and only if its invitation
 * succeeded; each removal claimed first), and the old image is hidden last. A failed image
 * step stops what depends on it.
 */
class RolloutRun extends JobRun<RolloutProgress> {
  constructor(
    job: RecordedJob,
    progress: RolloutProgress,
    private readonly source: Source,
    private readonly plan: RolloutPlan,
  ) {
    super(job, progress);
  }

  private async imageStep(
    name: keyof RolloutProgress["steps"],
    imageId: string,
    change: Parameters<typeof applyImageChange>[1],
  ): Promise<boolean> {
    await this.claim((p) => (p.steps[name] = { state: "running" }));
    try {
      const { journalError } = await applyImageChange(this.source, change, imageId);
      this.update((p) => (p.steps[name] = { state: "done", journalError }));
      return true;
    } catch (err) {
      this.check();
      this.update((p) => (p.steps[name] = { state: "failed", message: errorOf(err).message }));
      return false;
    }
  }

  private setMember(id: string, run: Partial<MemberRun>) {
    this.update((p) => (p.members[id] = { ...p.members[id]!, ...run }));
  }

  protected async steps(): Promise<void> {
    const { plan, source } = this;
    const shared =
      !plan.makeShared || (await this.imageStep("share", plan.next.id, { visibility: "shared" }));
    if (plan.setPredecessor)
      await this.imageStep("predecessor", plan.next.id, { predecessorId: plan.old.id });

    const invited = plan.members.filter((m) => m.action === "invite");
    // Members to move off the old image: those already on the new one, and those invited now.
    const movable = plan.members
      .filter((m) => m.action === "already" && m.removeFromOld)
      .map((m) => m.member.id);
    if (!shared) {
      for (const m of invited)
        this.setMember(m.member.id, {
          invite: {
            state: "failed",
            message: keep(say("jobs.newVersionNotShared")),
          },
          remove: null,
        });
    } else {
      await mapSettled(invited, FAN_OUT, async (m) => {
        this.check();
        this.setMember(m.member.id, { invite: { state: "running" } });
        const ref = {
          connection: source.connection.stored.id,
          region: source.region,
          imageId: plan.next.id,
          memberId: m.member.id,
        };
        const result = await inviteProject(source, ref, new Map()).catch((err: unknown) =>
          failedInvite(ref, err),
        );
        if (result.ok && result.member) {
          this.setMember(m.member.id, {
            invite: {
              state: "done",
              journalError: result.journalError,
              status: result.member.status,
            },
          });
          if (m.removeFromOld) movable.push(m.member.id);
        } else {
          this.setMember(m.member.id, {
            invite: {
              state: "failed",
              message: result.error?.message ?? keep(say("jobs.unknownFailure")),
            },
            remove: null,
          });
        }
      });
    }

    for (const memberId of movable) {
      // Irreversible for that project: recorded before it is done, and only while this job runs.
      await this.claim((p) => (p.members[memberId]!.remove = { state: "running" }));
      try {
        const { journalError } = await removeProject(source, plan.old.id, memberId);
        this.setMember(memberId, { remove: { state: "done", journalError } });
      } catch (err) {
        this.check();
        this.setMember(memberId, { remove: { state: "failed", message: errorOf(err).message } });
      }
    }
    if (plan.hideOld) await this.imageStep("hide", plan.old.id, { hidden: true });
  }
}
