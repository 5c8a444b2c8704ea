import "server-only";

import { mapSettled } from "@/lib/concurrency";
import { AppError } from "@/lib/errors";
import { OpenStackError } from "@/lib/openstack/errors";
import { getImage, listMembers, type Image } from "@/lib/openstack/glance";
import { planRollout, type RolloutImage, type RolloutPlan } from "@/lib/rollout/plan";
import type { MemberRun, RolloutRunDto, RolloutRunRequest, StepState } from "@/lib/schemas/rollout";
import { applyImageChange } from "@/lib/server/common/image-change";
import { predecessorOf } from "@/lib/server/common/image-summary";
import { failedInvite, inviteProject, removeProject } from "@/lib/server/common/members";
import { cloudOfConnection } from "@/lib/server/core/clouds";
import { withGlance, type ProjectContext, type Source } from "@/lib/server/core/context";
import { errorOf, FAN_OUT } from "@/lib/server/core/fan-out";
import { JobRun } from "@/lib/server/core/jobs/runner";
import { readJob, recordJob, type RecordedJob } from "@/lib/server/core/jobs/store";
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
 * Starts a rollout on the server, planned from what Glance says now (so a rollout already
 * run plans nothing): it goes on after the request, whatever the browser does, and its
 * progress is read with `readRolloutRun`.
 */
export async function startRolloutRun(
  projects: ProjectContext,
  request: RolloutRunRequest,
): Promise<RolloutRunDto> {
  const source = await projects.source(request);
  const { stored, expired, readOnly } = source.connection;
  if (expired || readOnly)
    throw new AppError(
      expired ? "token_expired" : "forbidden",
      expired
        ? `${stored.project.name}'s session has expired: reconnect it.`
        : `${stored.project.name} is connected with the ${stored.roles.join(", ")} role only, which cannot change sharing. Connect it as a member.`,
    );
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
        `${image.name ?? image.id} belongs to another project: only its owner can roll it out.`,
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
  const db = await journalDb();
  const title = `Roll out: ${next.name ?? next.id} replaces ${old.name ?? old.id}`;
  const job = await recordJob(db, KIND, source, { ...request, title }, progress);
  new RolloutRun(job, progress, source, plan)
    .run()
    .catch((err: unknown) => logFailure("rollout not run", err));
  return readRolloutRun(projects, job.id);
}

/** A rollout of a project connected here. */
export async function readRolloutRun(projects: ProjectContext, id: string): Promise<RolloutRunDto> {
  return readJob<RolloutProgress>(
    projects,
    KIND,
    id,
    "No such rollout of a project connected here.",
  );
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
            message: "Not invited: the new version could not be made shared.",
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
              message: result.error?.message ?? "Failed for an unknown reason.",
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
