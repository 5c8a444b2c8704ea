import "server-only";

import { setTimeout as sleep } from "node:timers/promises";

import { AppError } from "@/lib/errors";
import { formatBytes } from "@/lib/format";
import { oneAfterAnother, say, type Sentence } from "@/lib/i18n/sentence";
import { keep } from "@/lib/i18n/write";
import { isPassingFault } from "@/lib/openstack/errors";
import {
  createImage,
  deleteImage,
  getImage,
  importImage,
  listImportTasks,
  type Image,
} from "@/lib/openstack/glance";
import { inviteProject } from "@/lib/server/common/members";
import { withGlance, type Source } from "@/lib/server/core/context";
import type { JournalDb } from "@/lib/server/core/database";
import { failpoint } from "@/lib/server/core/jobs/failpoints";
import { holdLease, leaseLost, releaseLease, type StopReason } from "@/lib/server/core/jobs/leases";
import { FairSlots } from "@/lib/server/core/jobs/slots";
import { journalDb, journaled } from "@/lib/server/core/journal";
import { getEnv } from "@/lib/server/env";
import { logFailure } from "@/lib/server/log";
import {
  copyDefinition,
  copyDifferences,
  recordDifferences,
  type RelayedData,
} from "@/lib/transfers/copy";

import { actorOf, deleteCopy, failureSentence, removeCopy } from "./common";
import { withTemporaryMembership } from "./membership";
import type { PathPlan } from "./paths";
import { RelayError, relayImageData } from "./relay";
import {
  claimSourceDeletion,
  finishTransfer,
  markSourceDeleted,
  releaseSourceDeletion,
  updateTransfer,
} from "./store";

/** How often a copy Glance makes itself is checked on. */
const IMPORT_POLL_MS = 1_000;
/** How long a glance-download may take: half an hour, and a second more per 5 MB (a slow Glance's pace). */
const importWindowMs = (size: number) => 30 * 60_000 + Math.ceil(size / 5e6) * 1_000;

/** Times a copy starts over with a new upload when the target's Glance broke off the last one. */
const UPLOAD_RESTARTS = 2;
/** The waits for a target that broke off an upload to take a new one (a Glance that restarts takes seconds). */
const RESTART_DELAYS_MS = [2_000, 4_000, 8_000];

/**
 * Relays this process runs at once (each one is a full-speed stream), two of them at most
 * for one person: another person's copy always finds a place. More wait their turn, fairly.
 */
export const RELAYS_AT_ONCE = 3;
/** Copies Glance makes itself that this process watches at once: they cost it little, the Glances more. */
export const IMPORTS_AT_ONCE = 8;
const slots = {
  relay: new FairSlots(RELAYS_AT_ONCE, 2),
  "glance-download": new FairSlots(IMPORTS_AT_ONCE, 4),
};

/** How long a record the job cannot go on without is retried while the database is away. */
const recordPatienceMs = () => Math.max(60_000, 3 * getEnv().jobs.leaseMs);

/** One image a request copies, read once from where it was chosen. */
export interface Origin {
  source: Source;
  image: Image;
  /** Its members to invite to each copy; null: the copies are private. */
  members: string[] | null;
}

/** One image × target pair, as the request that started it decided. */
export interface TransferJob {
  id: string;
  batch: string;
  origin: Origin;
  target: Source;
  plan: PathPlan;
  name: string;
  move: boolean;
}

/** Transfers running in this process, to stop at once when cancelled here. */
const running = new Map<string, TransferRun>();

/** Stops a transfer at once if this process runs it (any other learns it with its next heartbeat). */
export function cancelHere(id: string): void {
  running.get(id)?.stop("cancelled");
}

/** Runs one pair to its end on this server, after the request that started it has ended. */
export async function runTransfer(job: TransferJob): Promise<void> {
  await new TransferRun(job, await journalDb()).run();
}

/**
 * One pair, start to end: create the copy, relay the data (or watch Glance copy it), verify,
 * record, invite, and for a move delete the source once. Each step is a method; what the
 * steps share is this run's state. Nothing irreversible is done without the job's lease.
 */
class TransferRun {
  private readonly controller = new AbortController();
  private bytes = 0;
  private copyId: string | null = null;
  /** From here the copy is whole and checked: nothing that fails after deletes it. */
  private verified = false;
  private stopped: StopReason | null = null;
  /** A temporary membership that could not be removed: the copy is fine, the person must know. */
  private memberLeft: Sentence | null = null;
  /** What the copy went through on its way (kept). */
  private readonly recovered: Sentence[] = [];

  constructor(
    private readonly job: TransferJob,
    private readonly db: JournalDb,
  ) {}

  private get signal() {
    return this.controller.signal;
  }

  stop(why: StopReason) {
    if (this.stopped) return;
    this.stopped = why;
    this.controller.abort(
      why === "cancelled" ? new AppError("cancelled", say("jobs.cancelled")) : leaseLost(),
    );
  }

  async run(): Promise<void> {
    const { id, plan, origin } = this.job;
    running.set(id, this);
    holdLease(id, { progress: () => this.bytes, stop: (why) => this.stop(why) });
    try {
      const starter = `${origin.source.connection.stored.authUrl}|${origin.source.connection.stored.user.id}`;
      const release = await slots[plan.path].acquire(starter, this.signal);
      try {
        await this.steps();
      } finally {
        release();
      }
    } catch (err) {
      await this.failed(err);
    } finally {
      running.delete(id);
      await releaseLease(this.db, id).catch((err: unknown) =>
        logFailure("transfer lease not released (the janitor will)", err),
      );
    }
  }

  private async steps(): Promise<void> {
    const { db, job } = this;
    const { id, origin, target, name } = job;
    await updateTransfer(db, id, { status: "running" });
    const { value: relayed } = await journaled(
      () => ({
        ...actorOf(target),
        region: target.region,
        image: { id: this.copyId ?? origin.image.id, name },
        memberId: null,
        action: "copied",
      }),
      () =>
        (job.plan.path === "glance-download" ? this.copyByGlance() : this.copyAndVerify()).catch(
          (err: unknown) => {
            // The journal records our own errors; a stream's bare error becomes one.
            throw err instanceof AppError
              ? err
              : new AppError("upstream_unavailable", failureSentence(err));
          },
        ),
    );
    this.verified = true;
    await failpoint("after-verify");
    const resultNote = origin.members
      ? await inviteMembers(target, this.copyId!, origin.members)
      : null;
    const recorded = await this.record(() =>
      finishTransfer(db, id, "verified", {
        bytes: relayed.bytes,
        sha512: relayed.sha512,
        error: this.memberLeft && keep(this.memberLeft),
        result_note: resultNote && keep(resultNote),
        recovery_note: this.recoveryNote(),
      }),
    );
    // The janitor took it as dead meanwhile: its row says so, and a move stops here.
    if (!recorded) return;
    if (job.move) await this.finishMove();
  }

  /** What a failure leaves: a verified copy stays; an unfinished one is deleted; a lost job is the janitor's. */
  private async failed(err: unknown): Promise<void> {
    const { db, job } = this;
    if (this.stopped === "lost") {
      logFailure("transfer stopped: its lease was lost", err);
      return;
    }
    if (this.verified) {
      // A move's source is only deleted once every pair is recorded verified, so it stays
      // too: the image is in both places, and the row says what went wrong.
      const error = keep(say("transfers.verifiedThen", { reason: failureSentence(err) }));
      // Ends it as verified if it still runs; one already recorded verified (a move's own
      // step failed after) gets the error all the same.
      await this.record(async () => {
        await finishTransfer(db, job.id, "verified", {
          bytes: this.bytes,
          error,
          recovery_note: this.recoveryNote(),
        });
        await updateTransfer(db, job.id, { error });
      }).catch((e: unknown) => logFailure("transfer end not recorded", e));
      return;
    }
    const cancelled = this.stopped === "cancelled" || this.signal.aborted;
    // The copy is gone (or said not to be) before the transfer shows as ended.
    if (this.copyId) await removeCopy(db, job.id, job.target, this.copyId, job.name);
    // What it was going through when it ended is said by the error; what it got through stays.
    await this.record(() =>
      finishTransfer(db, job.id, cancelled ? "cancelled" : "failed", {
        bytes: this.bytes,
        error: keep(cancelled ? say("jobs.cancelled") : failureSentence(err)),
        recovery_note: this.recoveryNote(),
      }),
    ).catch((e: unknown) => logFailure("transfer end not recorded", e));
  }

  /**
   * A write the job cannot go on without, retried while the database is away (a restart,
   * a failover), for as long as this process still holds the job.
   */
  private async record<T>(write: () => Promise<T>): Promise<T> {
    const until = Date.now() + recordPatienceMs();
    for (;;) {
      try {
        return await write();
      } catch (err) {
        if (this.stopped === "lost" || Date.now() > until) throw err;
        await sleep(1_000);
      }
    }
  }

  private recoveryNote(now: Sentence | null = null) {
    const notes = [...this.recovered, ...(now ? [now] : [])];
    return notes.length > 0 ? keep(oneAfterAnother(notes)) : null;
  }

  private noteRecovery(now: Sentence | null = null) {
    return updateTransfer(this.db, this.job.id, { recovery_note: this.recoveryNote(now) }).catch(
      (err: unknown) => logFailure("transfer note not recorded", err),
    );
  }

  /**
   * A move deletes a source once, after every copy of it in the batch is recorded verified
   * and none was cancelled; a failed copy keeps it. The deletion is claimed in the database
   * first (only while this job holds its lease), so of several pairs finishing together
   * exactly one deletes, and a job taken as dead never does.
   */
  private async finishMove(): Promise<void> {
    const { db, job } = this;
    const { source, image } = job.origin;
    if (!(await this.record(() => claimSourceDeletion(db, job.batch, image.id, job.id)))) return;
    await failpoint("before-source-delete");
    if (this.stopped) throw this.signal.reason;
    try {
      await journaled(
        {
          ...actorOf(source),
          region: source.region,
          image: { id: image.id, name: image.name },
          memberId: null,
          action: "deleted",
        },
        () => withGlance(source, (glance) => deleteImage(glance, image.id), { write: true }),
      );
    } catch (err) {
      await this.record(() =>
        releaseSourceDeletion(
          db,
          job.batch,
          image.id,
          keep(say("transfers.sourceNotDeleted", { reason: failureSentence(err) })),
        ),
      );
      return;
    }
    await failpoint("after-source-delete");
    await this.record(() => markSourceDeleted(db, job.batch, image.id));
  }

  private async createCopy() {
    const { job } = this;
    const { image, source, members } = job.origin;
    const copy = await withGlance(
      job.target,
      (glance) =>
        createImage(glance, {
          ...copyDefinition({ ...image, region: source.region }, job.name),
          visibility: members && members.length > 0 ? "shared" : "private",
        }),
      { write: true, signal: this.signal },
    );
    this.copyId = copy.id;
    await this.record(() => updateTransfer(this.db, job.id, { target_image_id: copy.id }));
    await failpoint("after-create");
    return copy;
  }

  /** The relay: a source that breaks off is picked up where it stopped; an upload the target broke off starts over, into a new copy. */
  private async copyAndVerify(): Promise<RelayedData> {
    const { image } = this.job.origin;
    for (let restarts = 0; ; restarts++) {
      const copy = await this.createCopy();
      try {
        const passed = await this.relayInto(copy.id);
        const differences = copyDifferences(
          passed,
          image,
          await withGlance(this.job.target, (glance) => getImage(glance, copy.id)),
        );
        if (differences.length > 0)
          throw new AppError(
            "conflict",
            say("transfers.mismatch", { differences: differences.join("; ") }),
          );
        return passed;
      } catch (err) {
        const mayStartOver =
          err instanceof RelayError && err.end === "target" && isPassingFault(err.reason);
        if (!mayStartOver || restarts >= UPLOAD_RESTARTS || this.signal.aborted) throw err;
        await this.startOver(copy.id, err);
      }
    }
  }

  private async relayInto(copyImageId: string) {
    const { target, origin } = this.job;
    const { source, image } = origin;
    const passed = await withGlance(
      source,
      (from) =>
        withGlance(
          target,
          (to) =>
            relayImageData(
              { target: from, imageId: image.id },
              { target: to, imageId: copyImageId },
              {
                size: image.size!,
                onProgress: (b) => (this.bytes = b),
                onResume: ({ at, attempt, of, reason }) =>
                  void this.noteRecovery(
                    say("transfers.resuming", {
                      region: source.region,
                      at: formatBytes(at),
                      reason,
                      attempt,
                      of,
                    }),
                  ),
              },
            ),
          { write: true, signal: this.signal },
        ),
      { signal: this.signal },
    ).catch((err: unknown) => {
      if (err instanceof RelayError && err.end === "target" && err.code === "too_large") {
        throw new AppError(
          "too_large",
          say("transfers.targetTooLarge", {
            project: target.connection.stored.project.name,
            region: target.region,
            bytes: formatBytes(this.bytes),
          }),
        );
      }
      throw err;
    });
    if (passed.resumes > 0) {
      this.recovered.push(
        say("transfers.resumed", { region: source.region, count: passed.resumes }),
      );
      await this.noteRecovery();
    }
    this.bytes = passed.bytes;
    return passed;
  }

  /** Waits for the target's Glance to answer again, deletes the copy whose upload it broke off (journaled), and lets the next one start from byte 0. */
  private async startOver(brokenId: string, err: RelayError) {
    const { target, name } = this.job;
    const at = formatBytes(this.bytes);
    for (const delay of RESTART_DELAYS_MS) {
      await this.noteRecovery(
        say("transfers.restarting", { region: target.region, at, reason: err.sentence }),
      );
      await sleep(delay, undefined, { signal: this.signal });
      const answers = await withGlance(target, (glance) => getImage(glance, brokenId), {
        signal: this.signal,
      }).then(
        () => true,
        (e: unknown) => !isPassingFault(e),
      );
      if (!answers) continue;
      // A failure here is the copy's: it fails, and its cleanup is tried and recorded as for any failure.
      await deleteCopy(target, brokenId, name);
      this.copyId = null;
      this.bytes = 0;
      this.recovered.push(
        say("transfers.restarted", { region: target.region, at, reason: err.sentence }),
      );
      await this.noteRecovery();
      return;
    }
    // The target is still gone: the copy fails, and its cleanup is tried and recorded as for any failure.
    throw err;
  }

  /** glance-download: the target's Glance fetches the data from the source's itself; this server only watches. */
  private async copyByGlance(): Promise<RelayedData> {
    const { target, origin, plan } = this.job;
    const { source, image } = origin;
    const copy = await this.createCopy();
    const window = importWindowMs(image.size ?? 0);
    const deadline = { at: Date.now() + window, minutes: Math.round(window / 60_000) };
    const importCopy = async () => {
      await withGlance(
        target,
        (glance) =>
          importImage(glance, copy.id, {
            name: "glance-download",
            glance_image_id: image.id,
            glance_region: source.region,
            glance_service_interface: "public",
          }),
        { write: true, signal: this.signal },
      );
      return importedImage(target, copy.id, this.signal, deadline);
    };
    const done = plan.temporaryMember
      ? await withTemporaryMembership(
          this.db,
          this.job.id,
          { source, image, target },
          importCopy,
          (left) => (this.memberLeft = left),
        )
      : await importCopy();
    const differences = recordDifferences(image, done);
    if (differences.length > 0)
      throw new AppError(
        "conflict",
        say("transfers.mismatch", { differences: differences.join("; ") }),
      );
    this.bytes = done.size ?? 0;
    return { bytes: this.bytes, sha512: done.hashValue };
  }
}

/** Invites the source's members to a verified copy (journaled); says how many, and who could not be. */
async function inviteMembers(target: Source, copyId: string, members: string[]): Promise<Sentence> {
  const own = target.connection.stored.project.id;
  const invited: string[] = [];
  const refused: Sentence[] = [];
  for (const member of members.filter((m) => m !== own)) {
    try {
      const ref = {
        connection: target.connection.stored.id,
        region: target.region,
        imageId: copyId,
        memberId: member,
      };
      await inviteProject(target, ref, new Map());
      invited.push(member);
    } catch (err) {
      refused.push(say("transfers.memberRefused", { member, reason: failureSentence(err) }));
    }
  }
  const total = invited.length + refused.length;
  if (total === 0) return say("transfers.noMembers");
  const said = say("transfers.invited", { invited: invited.length, total });
  if (refused.length === 0) return said;
  return say("transfers.notInvited", {
    invited: said,
    refused: oneAfterAnother(refused),
  });
}

/**
 * Glance's import ends: the image once active, or Glance's reason when its task failed, or
 * a refusal to wait past the deadline (a Glance that never finishes holds no slot for ever).
 */
async function importedImage(
  target: Source,
  imageId: string,
  signal: AbortSignal,
  deadline: { at: number; minutes: number },
): Promise<Image> {
  for (;;) {
    if (Date.now() > deadline.at)
      throw new AppError(
        "timeout",
        say("transfers.importSlow", { region: target.region, minutes: deadline.minutes }),
      );
    const image = await withGlance(target, (glance) => getImage(glance, imageId), { signal });
    if (image.status === "active") return image;
    if (image.status === "killed" || image.status === "deleted" || image.status === "deactivated") {
      throw new AppError(
        "upstream_unavailable",
        say("transfers.importEnded", { region: target.region, status: image.status }),
      );
    }
    const [task] = await withGlance(target, (glance) => listImportTasks(glance, imageId), {
      signal,
    });
    if (task?.status === "failure")
      throw new AppError(
        "upstream_unavailable",
        task.message
          ? say("transfers.importFailed", { region: target.region, reason: task.message })
          : say("transfers.importFailedNoReason", { region: target.region }),
      );
    await sleep(IMPORT_POLL_MS, undefined, { signal });
  }
}
