import "server-only";

import { mapSettled } from "@/lib/concurrency";
import { AppError } from "@/lib/errors";
import { say } from "@/lib/i18n/sentence";
import { keep } from "@/lib/i18n/write";
import { getImage, type Image } from "@/lib/openstack/glance";
import {
  shareRunRequestSchema,
  type PairState,
  type ShareRunDto,
  type ShareRunRequest,
  type VisibilityState,
} from "@/lib/schemas/share";
import { applyImageChange } from "@/lib/server/common/image-change";
import { failedInvite, inviteProject } from "@/lib/server/common/members";
import { withGlance, type ProjectContext, type Source } from "@/lib/server/core/context";
import { errorOf, FAN_OUT } from "@/lib/server/core/fan-out";
import { refuseOverCaps } from "@/lib/server/core/jobs/caps";
import { JobRun, resumeJob } from "@/lib/server/core/jobs/runner";
import { readJob, recordJob, type JobRow, type RecordedJob } from "@/lib/server/core/jobs/store";
import { journalDb } from "@/lib/server/core/journal";
import { logFailure } from "@/lib/server/log";

const KIND = "share";
/** Private images made shared at once before the invitations. */
const VISIBILITY_IN_FLIGHT = 4;

interface ShareProgress {
  visibility: Record<string, VisibilityState>;
  pairs: Record<string, PairState>;
}

const imageKey = (region: string, imageId: string) => `${region}|${imageId}`;
const pairKey = (p: ShareRunRequest["pairs"][number]) => `${p.region}|${p.imageId}|${p.memberId}`;

/**
 * What a share run needs, read now: the connection's source in each region (refused when
 * its session has expired or it may only read), the invitations once each, and each image
 * as Glance has it (one that is gone fails the request). `beforeGlance` may refuse first.
 */
async function prepareShare(
  projects: ProjectContext,
  request: ShareRunRequest,
  beforeGlance: (source: Source) => Promise<void> = async () => undefined,
) {
  const regions = [...new Set(request.pairs.map((p) => p.region))];
  const sources = new Map(
    await Promise.all(
      regions.map(
        async (region) =>
          [region, await projects.source({ connection: request.connection, region })] as const,
      ),
    ),
  );
  const { stored, expired, readOnly } = sources.values().next().value!.connection;
  if (expired)
    throw new AppError(
      "token_expired",
      say("session.expiredShort", { project: stored.project.name }),
    );
  if (readOnly)
    throw new AppError(
      "forbidden",
      say("session.readerCannotShare", {
        project: stored.project.name,
        roles: stored.roles.join(", "),
      }),
    );
  await beforeGlance(sources.values().next().value!);
  const pairs = [...new Map(request.pairs.map((p) => [pairKey(p), p])).values()];
  const images = new Map(
    await Promise.all(
      [...new Map(pairs.map((p) => [imageKey(p.region, p.imageId), p])).values()].map(
        async ({ region, imageId }) =>
          [
            imageKey(region, imageId),
            await withGlance(sources.get(region)!, (glance) => getImage(glance, imageId)),
          ] as const,
      ),
    ),
  );
  return { sources, pairs, images };
}

/**
 * Starts a share run on the server: every private image of it is made shared first, then
 * every image × project is invited; it goes on after the request, whatever the browser
 * does (a closed tab changes nothing), and its progress is read with `readShareRun`.
 */
export async function startShareRun(
  projects: ProjectContext,
  request: ShareRunRequest,
): Promise<ShareRunDto> {
  const db = await journalDb();
  const { sources, pairs, images } = await prepareShare(projects, request, (source) =>
    refuseOverCaps(db, source, [source], 1),
  );
  const progress: ShareProgress = {
    visibility: {},
    pairs: Object.fromEntries(pairs.map((p) => [pairKey(p), { state: "waiting" }])),
  };
  const job = await recordJob(
    db,
    KIND,
    projects,
    sources.values().next().value!,
    { ...request, pairs, title: shareTitle(pairs, [...images.values()]) },
    progress,
  );
  new ShareRun(job, progress, sources, pairs, images)
    .run()
    .catch((err: unknown) => logFailure("share run not run", err));
  return readShareRun(projects, job.id);
}

/**
 * Resumes a share run whose server died, as its person, from what Glance says now: an
 * image already shared stays so, and the invitations recorded as made are not made again.
 */
export const resumeShareRun = (job: RecordedJob, row: JobRow) =>
  resumeJob(job, row, async (projects) => {
    const { sources, pairs, images } = await prepareShare(
      projects,
      shareRunRequestSchema.parse(JSON.parse(row.input)),
    );
    return new ShareRun(job, JSON.parse(row.progress) as ShareProgress, sources, pairs, images);
  });

/** "Share debian-12 with 9 projects": what a run is, in the list of jobs. */
function shareTitle(pairs: ShareRunRequest["pairs"], images: Image[]): string {
  const projects = new Set(pairs.map((p) => p.memberId)).size;
  return keep(
    images.length === 1
      ? say("jobs.titleShareOne", { image: images[0]!.name ?? images[0]!.id, projects })
      : say("jobs.titleShareMany", { images: images.length, projects }),
  );
}

/** A share run of a project connected here. */
export async function readShareRun(projects: ProjectContext, id: string): Promise<ShareRunDto> {
  return readJob<ShareProgress>(projects, KIND, id, say("jobs.notFound.share"));
}

/** The run's steps: private images made shared (each claimed before it is done), then the invitations. */
class ShareRun extends JobRun<ShareProgress> {
  constructor(
    job: RecordedJob,
    progress: ShareProgress,
    private readonly sources: Map<string, Source>,
    private readonly pairs: ShareRunRequest["pairs"],
    private readonly images: Map<string, Image>,
  ) {
    super(job, progress);
  }

  protected async steps(): Promise<void> {
    const images = [...new Map(this.pairs.map((p) => [imageKey(p.region, p.imageId), p])).values()];
    const blocked = new Map<string, string>();
    await mapSettled(images, VISIBILITY_IN_FLIGHT, async ({ region, imageId }) => {
      const key = imageKey(region, imageId);
      const source = this.sources.get(region)!;
      try {
        if (this.images.get(key)!.visibility !== "private") {
          // Made shared before the server that ran this died, it is not changed again.
          if (this.progress.visibility[key]?.state === "running")
            this.update((p) => (p.visibility[key] = { state: "done", journalError: null }));
          return;
        }
        await this.claim((p) => (p.visibility[key] = { state: "running" }));
        const { journalError } = await applyImageChange(source, { visibility: "shared" }, imageId);
        this.update((p) => (p.visibility[key] = { state: "done", journalError }));
      } catch (err) {
        this.check();
        const message = errorOf(err).message;
        blocked.set(key, message);
        this.update((p) => (p.visibility[key] = { state: "failed", message }));
      }
    });
    await mapSettled(this.pairs, FAN_OUT, async (pair) => {
      const key = pairKey(pair);
      const was = this.progress.pairs[key]?.state;
      if (was === "added" || was === "existing") return; // done before a resume
      const why = blocked.get(imageKey(pair.region, pair.imageId));
      if (why) {
        this.update(
          (p) =>
            (p.pairs[key] = {
              state: "failed",
              code: "not_shared",
              message: keep(say("jobs.notShared", { reason: why })),
            }),
        );
        return;
      }
      this.check();
      this.update((p) => (p.pairs[key] = { state: "running" }));
      const source = this.sources.get(pair.region)!;
      const ref = { ...pair, connection: source.connection.stored.id };
      const result = await inviteProject(source, ref, new Map()).catch((err: unknown) =>
        failedInvite(ref, err),
      );
      this.update(
        (p) =>
          (p.pairs[key] =
            result.ok && result.outcome && result.member
              ? {
                  state: result.outcome,
                  status: result.member.status,
                  journalError: result.journalError,
                }
              : {
                  state: "failed",
                  code: result.error?.code ?? "internal",
                  message: result.error?.message ?? keep(say("jobs.unknownFailure")),
                }),
      );
    });
  }
}
