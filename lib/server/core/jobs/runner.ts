import "server-only";

import { z } from "zod";

import { AppError } from "@/lib/errors";
import { say, type Sentence } from "@/lib/i18n/sentence";
import { keep } from "@/lib/i18n/write";
import { logFailure } from "@/lib/server/log";
import { keptSession } from "@/lib/server/session";

import { ProjectContext } from "../context";
import type { JournalDb } from "../database";
import { holdLease, leaseLost, releaseLease, type StopReason } from "./leases";
import { FairSlots } from "./slots";
import {
  finishJob,
  JOB_INTERRUPTED,
  saveJobProgress,
  type JobRow,
  type RecordedJob,
} from "./store";

/** Jobs running in this process, to stop at once when cancelled here. */
const running = new Map<string, { stop: (why: StopReason) => void }>();

/** Stops a job at once if this process runs it (any other learns it with its next heartbeat). */
export function cancelJobHere(id: string): void {
  running.get(id)?.stop("cancelled");
}

/** How soon a change of progress is written (several steps that end together, one write). */
const SAVE_AFTER_MS = 200;

/**
 * Jobs run at once by this process, at most 2 of one person's (each fans out to Glance):
 * the others wait, queued, in rotation between people, so one person's flood of share
 * runs does not hold back another's.
 */
const slots = new FairSlots(4, 2);

/**
 * A job of the `jobs` table, run by this process after the request that started it: its
 * steps change `progress`, which is written as they go (so any page, after a reload, shows
 * it) and once more at the end. Before an irreversible step the job `claim`s it: the
 * progress is written, and only while this process holds the lease; a job whose lease was
 * taken, or that was cancelled, stops before its next step.
 */
export abstract class JobRun<P> {
  protected stopped: StopReason | null = null;
  private saving: NodeJS.Timeout | null = null;
  private readonly waiting = new AbortController();
  protected readonly db: JournalDb;
  readonly id: string;
  private readonly person: string;

  constructor(
    job: RecordedJob,
    protected progress: P,
  ) {
    ({ db: this.db, id: this.id, person: this.person } = job);
  }

  protected abstract steps(): Promise<void>;

  /** What the job could not do at all, as a sentence (its steps keep their own errors). */
  protected failureOf(err: unknown): Sentence {
    return err instanceof AppError
      ? err.sentence
      : say("jobs.unexpected", { reference: logFailure("job failed", err) });
  }

  async run(): Promise<void> {
    const stop = (why: StopReason) => {
      this.stopped ??= why;
      this.waiting.abort(new AppError("cancelled", say("jobs.cancelled")));
    };
    holdLease(this.id, { table: "jobs", stop });
    running.set(this.id, { stop });
    try {
      const release = await slots.acquire(this.person, this.waiting.signal);
      try {
        await this.claim(() => {}); // it runs now (and still holds its lease)
        await this.steps();
      } finally {
        release();
      }
      this.check();
      await finishJob(this.db, this.id, "done", this.progress);
    } catch (err) {
      if (this.stopped === "lost") {
        logFailure("job stopped: its lease was lost", err);
        return;
      }
      await finishJob(
        this.db,
        this.id,
        this.stopped === "cancelled" ? "cancelled" : "failed",
        this.progress,
        keep(this.stopped === "cancelled" ? say("jobs.cancelled") : this.failureOf(err)),
      ).catch((e: unknown) => logFailure("job end not recorded", e));
    } finally {
      running.delete(this.id);
      if (this.saving) clearTimeout(this.saving);
      await releaseLease(this.db, this.id, "jobs").catch((err: unknown) =>
        logFailure("job lease not released (the janitor will)", err),
      );
    }
  }

  /** Stops here if the job was cancelled or lost its lease. */
  protected check(): void {
    if (this.stopped === "lost") throw leaseLost();
    if (this.stopped === "cancelled") throw new AppError("cancelled", say("jobs.cancelled"));
  }

  /** Changes the progress; it is written shortly (a failed write is retried with the next). */
  protected update(change: (progress: P) => void): void {
    change(this.progress);
    this.saving ??= setTimeout(() => {
      this.saving = null;
      saveJobProgress(this.db, this.id, this.progress).catch((err: unknown) =>
        logFailure("job progress not recorded", err),
      );
    }, SAVE_AFTER_MS);
  }

  /** Records the progress before an irreversible step: the step is done only if this job still holds its lease. */
  protected async claim(change: (progress: P) => void): Promise<void> {
    this.check();
    change(this.progress);
    if (!(await saveJobProgress(this.db, this.id, this.progress))) {
      this.stopped = "lost";
      throw leaseLost();
    }
  }
}

const keptCookies = z.record(z.string(), z.string());

/**
 * Runs again a job the janitor took over (see `sweepJobs`): `prepare` builds its run from
 * its row, as the person who started it (the connection's kept cookie), reading Glance
 * again. A job that cannot be prepared (that session has ended, the project is gone) ends
 * interrupted, saying why.
 */
export async function resumeJob<P>(
  job: RecordedJob,
  row: JobRow,
  prepare: (projects: ProjectContext) => Promise<JobRun<P>>,
): Promise<void> {
  let run: JobRun<P>;
  try {
    const projects = new ProjectContext(
      keptSession(keptCookies.parse(JSON.parse(row.credentials!))),
    );
    run = await prepare(projects);
  } catch (err) {
    const why =
      err instanceof AppError
        ? err.sentence
        : say("jobs.reference", { reference: logFailure("job not resumed", err) });
    await finishJob(
      job.db,
      job.id,
      "interrupted",
      JSON.parse(row.progress),
      keep(say("jobs.notResumed", { interrupted: JOB_INTERRUPTED, reason: why })),
    );
    await releaseLease(job.db, job.id, "jobs");
    return;
  }
  await run.run();
}
