import "server-only";

import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";

import { AppError } from "@/lib/errors";
import { formatBytes } from "@/lib/format";
import { isPassingFault, OpenStackError } from "@/lib/openstack/errors";
import {
  addMember,
  createImage,
  deleteImage,
  getImage,
  getImageUsage,
  importImage,
  listImportMethods,
  listImportTasks,
  listMembers,
  removeMember,
  updateMemberStatus,
  type Image,
} from "@/lib/openstack/glance";
import type { ImageLocation } from "@/lib/schemas/images";
import {
  isTransferActive,
  type TargetUsageDto,
  type TransferDto,
  type TransferPath,
  type TransferRequest,
  type TransfersDto,
} from "@/lib/schemas/transfers";
import { withGlance, type ProjectContext, type Source } from "@/lib/server/core/context";
import type { JournalDb } from "@/lib/server/core/database";
import { journalDb, journaled, journalScopes } from "@/lib/server/core/journal";
import { getEnv } from "@/lib/server/env";
import { logFailure } from "@/lib/server/log";
import {
  copyDefinition,
  copyDifferences,
  keyRefusal,
  recordDifferences,
  type RelayedData,
} from "@/lib/transfers/copy";
import { mayCancel } from "@/lib/transfers/permissions";
import { quotaRefusal, type Usage } from "@/lib/transfers/quota";

import { RelayError, relayImageData } from "./relay";
import {
  claimSourceDeletion,
  finishTransfer,
  HEARTBEAT_MS,
  insertTransfers,
  listTransfers,
  markInterrupted,
  markSourceDeleted,
  releaseSourceDeletion,
  reportProgress,
  requestCancel,
  TRANSFER_PAGE,
  transfersOfBatch,
  updateTransfer,
  type NewTransferRow,
  type TransferRecord,
} from "./store";

/** How often a copy Glance makes itself is checked on. */
const IMPORT_POLL_MS = 1_000;

/** Times a copy starts over with a new upload when the target's Glance broke off the last one. */
const UPLOAD_RESTARTS = 2;
/** The waits for a target that broke off an upload to take a new one (a Glance that restarts takes seconds). */
const RESTART_DELAYS_MS = [2_000, 4_000, 8_000];

/** Relays this process runs at once; more wait their turn, queued (each one is a full-speed stream). */
export const RELAYS_AT_ONCE = 2;

/** Transfers running in this process, to stop at once when cancelled here. */
const running = new Map<string, AbortController>();
let relaying = 0;
const waiting: (() => void)[] = [];

async function relaySlot(): Promise<() => void> {
  if (relaying >= RELAYS_AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  else relaying++;
  return () => {
    const next = waiting.shift();
    if (next) next();
    else relaying--;
  };
}

/** Why a copy cannot go to this target, found before anything is made; null if it can. */
function targetRefusal(target: Source): string | null {
  const { stored, expired, readOnly } = target.connection;
  if (expired) return `${stored.project.name}'s session has expired: reconnect it.`;
  if (readOnly)
    return `${stored.project.name} is connected with the ${stored.roles.join(", ")} role only, which cannot create images.`;
  if (!target.endpoint) return `${stored.project.name} has no image service in ${target.region}.`;
  return null;
}

/** Why this image cannot be copied (or moved) from here; null if it can. */
function sourceRefusal(image: Image, source: Source, move: boolean): string | null {
  const name = image.name ?? image.id;
  if (image.status !== "active")
    return `${name} is ${image.status}: only an active image's data can be copied.`;
  const { stored, expired, readOnly } = source.connection;
  if (expired) return `${stored.project.name}'s session has expired: reconnect it to copy ${name}.`;
  if (readOnly)
    return `${stored.project.name} is connected with the ${stored.roles.join(", ")} role only, which Glance does not give image data: connect it as a member to copy ${name}.`;
  if (image.size === null) return `${name} has no data to copy.`;
  if (!image.diskFormat || !image.containerFormat)
    return `${name} has no disk or container format: a copy could not hold its data.`;
  if (move && image.owner !== source.connection.stored.project.id)
    return `${name} belongs to another project: only its owner can move it (copy it instead).`;
  if (move && image.protected) {
    return `${name} is protected: Glance refuses to delete it, so it cannot be moved. Copy it instead, or unprotect it first (openstack image set --unprotected ${image.id}).`;
  }
  const key = move ? keyRefusal(image.properties) : null;
  if (key) return `${name} cannot be moved: ${key}`;
  return null;
}

/** Why the source's members cannot go with the copies: only its owner sees them, and project ids mean nothing in another cloud. */
function membersRefusals(image: Image, source: Source, targets: Source[]): string[] {
  const refusals: string[] = [];
  if (image.owner !== source.connection.stored.project.id) {
    refusals.push(
      `${image.name ?? image.id} belongs to another project, which alone sees its members: copy it without them.`,
    );
  }
  for (const t of targets) {
    if (t.connection.stored.authUrl !== source.connection.stored.authUrl) {
      refusals.push(
        `${t.connection.stored.project.name} is in another cloud, where the source's members are not projects: copy to it without members.`,
      );
    }
  }
  return refusals;
}

/** Invites the source's members to a verified copy (journaled); says how many, and who could not be. */
async function inviteMembers(
  target: Source,
  copyId: string,
  name: string,
  members: string[],
): Promise<string> {
  const own = target.connection.stored.project.id;
  const invited: string[] = [];
  const refused: string[] = [];
  for (const member of members.filter((m) => m !== own)) {
    try {
      await journaled(
        {
          ...actorOf(target),
          region: target.region,
          image: { id: copyId, name },
          memberId: member,
          action: "member_added",
        },
        () => withGlance(target, (glance) => addMember(glance, copyId, member), { write: true }),
      );
      invited.push(member);
    } catch (err) {
      refused.push(`${member} (${failureMessage(err)})`);
    }
  }
  const total = invited.length + refused.length;
  if (total === 0) return "The source had no members to invite: the copy is private.";
  return [
    `Invited ${invited.length} of the source's ${total} ${total === 1 ? "member" : "members"}: each accepts again (Glance starts every membership pending).`,
    refused.length > 0 ? `Not invited: ${refused.join("; ")}.` : "",
  ]
    .filter(Boolean)
    .join(" ");
}

/** The target project's quotas in its Glance; none known when Glance cannot say (the upload will tell). */
const targetUsage = (target: Source): Promise<Usage> =>
  withGlance(target, (glance) => getImageUsage(glance)).catch(() => ({}));

/** A connected project's image quotas in one region, for the review. */
export async function readTargetUsage(
  projects: ProjectContext,
  location: ImageLocation,
): Promise<TargetUsageDto> {
  return {
    usage: await withGlance(await projects.source(location), (glance) => getImageUsage(glance)),
  };
}

/** How one pair is copied, and why. */
interface PathPlan {
  path: TransferPath;
  note: string;
  /** glance-download of a shared image: the target project is made a member for the copy, and removed after. */
  temporaryMember: boolean;
}

/**
 * Glance copies the image itself (glance-download) when both sides share a Keystone, the
 * target's Glance offers it, and the target project can read the source in Glance (or
 * can be let in for the copy without changing the image's visibility); otherwise the
 * data is streamed through this server.
 */
async function choosePath(source: Source, target: Source, image: Image): Promise<PathPlan> {
  const relay = (why: string): PathPlan => ({
    path: "relay",
    note: `Streamed through this server: ${why}.`,
    temporaryMember: false,
  });
  if (getEnv().transferPath === "relay")
    return relay("it is set to relay every copy (GLANCE_SHARE_TRANSFER_PATH=relay)");
  const from = source.connection.stored;
  const to = target.connection.stored;
  if (from.authUrl !== to.authUrl)
    return relay("the target is in another cloud, whose Glance cannot read this one's");
  const methods = await withGlance(target, (glance) => listImportMethods(glance)).catch(
    () => [] as string[],
  );
  if (!methods.includes("glance-download"))
    return relay(`Glance in ${target.region} does not offer glance-download`);
  const direct = (extra = ""): PathPlan => ({
    path: "glance-download",
    note: `Copied by Glance in ${target.region} from Glance in ${source.region} itself (glance-download): no image data passes through this server.${extra}`,
    temporaryMember: extra !== "",
  });
  if (
    to.project.id === image.owner ||
    image.visibility === "public" ||
    image.visibility === "community"
  )
    return direct();
  const name = image.name ?? image.id;
  if (image.visibility !== "shared")
    return relay(
      `${name} is private, and Glance could copy it only once it is shared with ${to.project.name}`,
    );
  if (image.owner !== from.project.id)
    return relay(
      `${to.project.name} cannot read ${name} in Glance (it is shared with ${from.project.name})`,
    );
  const member = (await withGlance(source, (glance) => listMembers(glance, image.id))).find(
    (m) => m.memberId === to.project.id,
  );
  if (!member)
    return direct(
      ` ${to.project.name} is made a member of ${name} for the copy and removed after.`,
    );
  if (member.status === "accepted") return direct();
  return relay(
    `${to.project.name}'s invitation to ${name} is ${member.status}, and a copy by Glance would have to change it`,
  );
}

/** One image a request copies, read once from where it was chosen. */
interface Origin {
  source: Source;
  image: Image;
  /** Its members to invite to each copy; null: the copies are private. */
  members: string[] | null;
}

/**
 * Starts copying images into connected projects × regions: each image × target pair is a
 * transfer that runs on this server after the request has ended, reported in the database.
 * Everything that would refuse a pair is checked first, and then none is started.
 */
export async function startTransfers(
  projects: ProjectContext,
  request: TransferRequest,
): Promise<TransfersDto> {
  const chosen = await Promise.all(
    request.images.map(async ({ source: location, imageId }) => {
      const source = await projects.source(location);
      return { source, image: await withGlance(source, (glance) => getImage(glance, imageId)) };
    }),
  );
  const targets = await Promise.all(request.targets.map((t) => projects.source(t)));
  const usages = await Promise.all(
    targets.map((t) => (targetRefusal(t) ? Promise.resolve({}) : targetUsage(t))),
  );
  const sizes = chosen.map(({ image }) => image.size ?? 0);
  const refusals = [
    ...chosen.map(({ image, source }) => sourceRefusal(image, source, request.move)),
    ...targets.map(targetRefusal),
    ...targets.map((t, i) =>
      quotaRefusal(usages[i]!, sizes, `${t.connection.stored.project.name} (${t.region})`),
    ),
    ...(request.keepMembers
      ? chosen.flatMap(({ image, source }) => membersRefusals(image, source, targets))
      : []),
  ].filter((r): r is string => r !== null);
  if (refusals.length > 0)
    throw new AppError(
      request.move || refusals.length > 1 ? "conflict" : "forbidden",
      [...new Set(refusals)].join(" "),
    );

  const origins: Origin[] = await Promise.all(
    chosen.map(async ({ source, image }) => ({
      source,
      image,
      // Glance lists members of shared images only; a private one has none to keep.
      members: !request.keepMembers
        ? null
        : image.visibility === "shared"
          ? (await withGlance(source, (glance) => listMembers(glance, image.id))).map(
              (m) => m.memberId,
            )
          : [],
    })),
  );
  const pairs = await Promise.all(
    origins.flatMap((origin) =>
      targets.map(async (target) => ({
        origin,
        target,
        plan: await choosePath(origin.source, target, origin.image),
      })),
    ),
  );
  const now = new Date().toISOString();
  const batch = randomUUID();
  const rows: NewTransferRow[] = pairs.map(({ origin: { source, image }, target, plan }) => ({
    id: randomUUID(),
    batch,
    created_at: now,
    updated_at: now,
    finished_at: null,
    user_id: source.connection.stored.user.id,
    user_name: source.connection.stored.user.name,
    source_cloud: source.connection.stored.authUrl,
    source_project_id: source.connection.stored.project.id,
    source_project_name: source.connection.stored.project.name,
    source_region: source.region,
    source_image_id: image.id,
    source_image_name: image.name,
    target_cloud: target.connection.stored.authUrl,
    target_project_id: target.connection.stored.project.id,
    target_project_name: target.connection.stored.project.name,
    target_region: target.region,
    target_image_id: null,
    target_name: request.name || image.name || image.id,
    path: plan.path,
    path_note: plan.note,
    move: request.move ? 1 : 0,
    keep_members: request.keepMembers ? 1 : 0,
    status: "queued",
    bytes: 0,
    size: image.size,
    sha512: null,
    error: null,
    source_deleted: 0,
    cleanup: "none",
    cleanup_error: null,
    cancel_requested: 0,
  }));
  const db = await journalDb();
  await insertTransfers(db, rows);
  rows.forEach((row, i) => {
    const { origin, target, plan } = pairs[i]!;
    runTransfer(row.id, batch, origin, target, plan, row.target_name, request.move).catch(
      (err: unknown) => logFailure("transfer not run", err),
    );
  });
  return { transfers: (await transfersOfBatch(db, batch)).map((r) => r.dto), limit: TRANSFER_PAGE };
}

/** A sentence fit for the page: our own errors as they are, anything else by reference. */
function failureMessage(err: unknown): string {
  if (err instanceof AppError) return err.message;
  return `The copy stopped: ${String((err as Error)?.message ?? err).slice(0, 200)} (reference ${logFailure("transfer failed", err)}).`;
}

/** One pair, start to end: create the copy, relay the data, verify, and never leave a half-made image silently. */
async function runTransfer(
  id: string,
  batch: string,
  { source, image, members }: Origin,
  target: Source,
  plan: PathPlan,
  name: string,
  move: boolean,
): Promise<void> {
  const db = await journalDb();
  const controller = new AbortController();
  running.set(id, controller);
  let bytes = 0;
  let cancelled = false;
  const heartbeat = setInterval(() => {
    reportProgress(db, id, bytes)
      .then((cancel) => {
        if (cancel && !cancelled) {
          cancelled = true;
          controller.abort(new AppError("cancelled", "Cancelled."));
        }
      })
      .catch((err: unknown) => logFailure("transfer progress not recorded", err));
  }, HEARTBEAT_MS);
  let copyId: string | null = null;
  let verified = false;
  const visibility = members && members.length > 0 ? "shared" : "private";
  // A temporary membership that could not be removed: the copy is fine, the person must know.
  let memberLeft: string | null = null;
  // What the copy went through on its way (kept), and what it goes through now (shown while it lasts).
  const recovered: string[] = [];
  const recoveryNote = (now: string | null = null) =>
    [...recovered, now].filter(Boolean).join(" ") || null;
  const noteRecovery = (now: string | null = null) =>
    updateTransfer(db, id, { recovery_note: recoveryNote(now) }).catch((err: unknown) =>
      logFailure("transfer note not recorded", err),
    );
  const release = await relaySlot();
  try {
    if (controller.signal.aborted) throw new AppError("cancelled", "Cancelled before it started.");
    await updateTransfer(db, id, { status: "running" });
    const { value: relayed } = await journaled(
      () => ({
        ...actorOf(target),
        region: target.region,
        image: { id: copyId ?? image.id, name },
        memberId: null,
        action: "copied",
      }),
      () =>
        (plan.path === "glance-download" ? copyByGlance() : copyAndVerify()).catch(
          (err: unknown) => {
            // The journal records our own errors; a stream's bare error becomes one.
            throw err instanceof AppError
              ? err
              : new AppError("upstream_unavailable", failureMessage(err));
          },
        ),
    );
    // From here the copy is whole and checked: nothing that fails after this deletes it.
    verified = true;
    const resultNote = members ? await inviteMembers(target, copyId!, name, members) : null;
    await finishTransfer(db, id, "verified", {
      bytes: relayed.bytes,
      sha512: relayed.sha512,
      error: memberLeft,
      result_note: resultNote,
      recovery_note: recoveryNote(),
    });
    if (move) await finishMove(batch, source, image);
  } catch (err) {
    if (verified) {
      // The copy stays. A move's source is only deleted once every pair is recorded verified,
      // so it stays too: the image is in both places, and the row says what went wrong.
      const error = `Copied and verified, but then: ${failureMessage(err)}`;
      // Ends it as verified if it still runs; one already recorded verified (a move's own
      // step failed after) gets the error all the same.
      await finishTransfer(db, id, "verified", { bytes, error, recovery_note: recoveryNote() })
        .then(() => updateTransfer(db, id, { error }))
        .catch((e: unknown) => logFailure("transfer end not recorded", e));
      return;
    }
    const aborted = cancelled || controller.signal.aborted;
    const status = aborted ? "cancelled" : "failed";
    const error = aborted ? "Cancelled." : failureMessage(err);
    // The copy is gone (or said not to be) before the transfer shows as ended.
    if (copyId) await removeCopy(db, id, target, copyId, name);
    // What it was going through when it ended is said by the error; what it got through stays.
    await finishTransfer(db, id, status, { bytes, error, recovery_note: recoveryNote() }).catch(
      (e: unknown) => logFailure("transfer end not recorded", e),
    );
  } finally {
    clearInterval(heartbeat);
    release();
    running.delete(id);
  }

  async function createCopy() {
    const copy = await withGlance(
      target,
      (glance) =>
        createImage(glance, {
          ...copyDefinition({ ...image, region: source.region }, name),
          visibility,
        }),
      {
        write: true,
        signal: controller.signal,
      },
    );
    copyId = copy.id;
    await updateTransfer(db, id, { target_image_id: copy.id });
    return copy;
  }

  /** The relay: a source that breaks off is picked up where it stopped; an upload the target broke off starts over, into a new copy. */
  async function copyAndVerify() {
    for (let restarts = 0; ; restarts++) {
      const copy = await createCopy();
      try {
        const passed = await relayInto(copy.id);
        const differences = copyDifferences(
          passed,
          image,
          await withGlance(target, (glance) => getImage(glance, copy.id)),
        );
        if (differences.length > 0)
          throw new AppError(
            "conflict",
            `The copy does not match its source, so it was deleted: ${differences.join("; ")}.`,
          );
        return passed;
      } catch (err) {
        const mayStartOver =
          err instanceof RelayError && err.end === "target" && isPassingFault(err.reason);
        if (!mayStartOver || restarts >= UPLOAD_RESTARTS || controller.signal.aborted) throw err;
        await startOver(copy.id, err);
      }
    }
  }

  async function relayInto(copyImageId: string) {
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
                onProgress: (b) => (bytes = b),
                onResume: ({ at, attempt, of, reason }) =>
                  void noteRecovery(
                    `Glance in ${source.region} broke off sending the data at ${formatBytes(at)} (${withoutStop(reason)}): picking it up from there, try ${attempt} of ${of}…`,
                  ),
              },
            ),
          { write: true, signal: controller.signal },
        ),
      { signal: controller.signal },
    ).catch((err: unknown) => {
      if (err instanceof RelayError && err.end === "target" && err.code === "too_large") {
        throw new AppError(
          "too_large",
          `Glance of ${target.connection.stored.project.name} in ${target.region} refused the data after ${formatBytes(bytes)}: the image is larger than it accepts (its image_size_cap, or the project's storage quota).`,
        );
      }
      throw err;
    });
    if (passed.resumes > 0) {
      recovered.push(
        `Glance in ${source.region} broke off sending the data ${times(passed.resumes)}: ${passed.resumes === 1 ? "the copy" : "each time, the copy"} went on from the byte it had reached.`,
      );
      await noteRecovery();
    }
    bytes = passed.bytes;
    return passed;
  }

  /** Waits for the target's Glance to answer again, deletes the copy whose upload it broke off (journaled), and lets the next one start from byte 0. */
  async function startOver(brokenId: string, err: RelayError) {
    const at = formatBytes(bytes);
    for (const delay of RESTART_DELAYS_MS) {
      await noteRecovery(
        `Glance in ${target.region} broke off the upload at ${at} (${withoutStop(err.message)}): starting over with a new copy once it answers…`,
      );
      await sleep(delay, undefined, { signal: controller.signal });
      const answers = await withGlance(target, (glance) => getImage(glance, brokenId), {
        signal: controller.signal,
      }).then(
        () => true,
        (e: unknown) => !isPassingFault(e),
      );
      if (!answers) continue;
      // A failure here is the copy's: it fails, and its cleanup is tried and recorded as for any failure.
      await deleteCopy(target, brokenId, name);
      copyId = null;
      bytes = 0;
      recovered.push(
        `Glance in ${target.region} broke off the upload at ${at} (${withoutStop(err.message)}): the copy started over, and the unfinished one was deleted.`,
      );
      await noteRecovery();
      return;
    }
    // The target is still gone: the copy fails, and its cleanup is tried and recorded as for any failure.
    throw err;
  }

  /** glance-download: the target's Glance fetches the data from the source's itself; this server only watches. */
  async function copyByGlance(): Promise<RelayedData> {
    const copy = await createCopy();
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
        { write: true, signal: controller.signal },
      );
      return importedImage(target, copy.id, controller.signal);
    };
    const done = plan.temporaryMember
      ? await withTemporaryMembership(
          source,
          image,
          target,
          importCopy,
          (left) => (memberLeft = left),
        )
      : await importCopy();
    const differences = recordDifferences(image, done);
    if (differences.length > 0)
      throw new AppError(
        "conflict",
        `The copy does not match its source, so it was deleted: ${differences.join("; ")}.`,
      );
    bytes = done.size ?? 0;
    return { bytes, sha512: done.hashValue };
  }
}

/** Temporary memberships glance-download copies are using, shared by every copy of one image into one project in this process. */
const memberships = new Map<string, { users: number; added: boolean; ready: Promise<void> }>();

/**
 * Runs a copy while the target project is an accepted member of the source image: the first
 * copy that needs it adds and accepts the membership, the last one to end removes it (all
 * journaled). Copies of one image into one project's regions need the same membership.
 */
async function withTemporaryMembership<T>(
  source: Source,
  image: Image,
  target: Source,
  work: () => Promise<T>,
  onLeft: (note: string) => void,
): Promise<T> {
  const member = target.connection.stored.project;
  const membership = {
    region: source.region,
    image: { id: image.id, name: image.name },
    memberId: member.id,
  };
  const key = `${source.connection.stored.authUrl}|${source.region}|${image.id}|${member.id}`;
  let lease = memberships.get(key);
  if (!lease) {
    const made: { users: number; added: boolean; ready: Promise<void> } = {
      users: 0,
      added: false,
      ready: Promise.resolve(),
    };
    made.ready = (async () => {
      await journaled({ ...actorOf(source), ...membership, action: "member_added" }, () =>
        withGlance(source, (glance) => addMember(glance, image.id, member.id), { write: true }),
      );
      made.added = true;
      // The target project accepts in the source's region, where the membership lives.
      const asMember = await source.context.source({
        connection: target.connection.stored.id,
        region: source.region,
      });
      await journaled({ ...actorOf(target), ...membership, action: "accepted" }, () =>
        withGlance(
          asMember,
          (glance) => updateMemberStatus(glance, image.id, member.id, "accepted"),
          { write: true },
        ),
      );
    })();
    memberships.set(key, (lease = made));
  }
  lease.users++;
  try {
    await lease.ready;
    return await work();
  } finally {
    if (--lease.users === 0) {
      memberships.delete(key);
      if (lease.added) {
        await journaled({ ...actorOf(source), ...membership, action: "member_removed" }, () =>
          withGlance(source, (glance) => removeMember(glance, image.id, member.id), {
            write: true,
          }),
        ).catch((err: unknown) =>
          onLeft(
            `Copied, but ${member.name} is still a member of ${image.name ?? image.id} (${failureMessage(err)}). Remove it with: openstack image remove project ${image.id} ${member.id}`,
          ),
        );
      }
    }
  }
}

/** Glance's import ends: the image once active, or Glance's reason when its task failed. */
async function importedImage(target: Source, imageId: string, signal: AbortSignal): Promise<Image> {
  for (;;) {
    const image = await withGlance(target, (glance) => getImage(glance, imageId), { signal });
    if (image.status === "active") return image;
    if (image.status === "killed" || image.status === "deleted" || image.status === "deactivated") {
      throw new AppError(
        "upstream_unavailable",
        `Glance in ${target.region} ended the copy as ${image.status}.`,
      );
    }
    const [task] = await withGlance(target, (glance) => listImportTasks(glance, imageId), {
      signal,
    });
    if (task?.status === "failure")
      throw new AppError(
        "upstream_unavailable",
        `Glance in ${target.region} could not copy it: ${task.message ?? "it gave no reason"}`,
      );
    await sleep(IMPORT_POLL_MS, undefined, { signal });
  }
}

/** A sentence as a clause inside another: its full stop dropped. */
const withoutStop = (sentence: string) => sentence.replace(/\.$/, "");

const times = (n: number) => (n === 1 ? "once" : n === 2 ? "twice" : `${n} times`);

const actorOf = (s: Source) => {
  const { stored } = s.connection;
  return {
    cloud: stored.authUrl,
    user: { id: stored.user.id, name: stored.user.name },
    project: { id: stored.project.id, name: stored.project.name },
  };
};

/** Deletes a copy that did not finish (journaled); one already gone is what was wanted. */
async function deleteCopy(target: Source, copyId: string, name: string): Promise<void> {
  await journaled(
    {
      ...actorOf(target),
      region: target.region,
      image: { id: copyId, name },
      memberId: null,
      action: "copy_removed",
    },
    async () => {
      try {
        await withGlance(target, (glance) => deleteImage(glance, copyId), { write: true });
      } catch (err) {
        if (!(err instanceof OpenStackError && err.code === "not_found")) throw err;
      }
    },
  );
}

/** Deletes a copy that did not finish, and records on the transfer whether that worked. */
async function removeCopy(
  db: JournalDb,
  id: string,
  target: Source,
  copyId: string,
  name: string,
): Promise<void> {
  try {
    await deleteCopy(target, copyId, name);
    await updateTransfer(db, id, { cleanup: "done", cleanup_error: null });
  } catch (err) {
    await updateTransfer(db, id, {
      cleanup: "failed",
      cleanup_error: `The unfinished copy ${copyId} could not be deleted: ${failureMessage(err)} Delete it with: openstack image delete ${copyId}`,
    }).catch((e: unknown) => logFailure("transfer cleanup not recorded", e));
  }
}

/**
 * A move deletes a source once, after every copy of it in the batch is recorded verified and
 * none was cancelled; a failed copy keeps it. The deletion is claimed in the database first,
 * so of several pairs finishing together exactly one deletes.
 */
async function finishMove(batch: string, source: Source, image: Image): Promise<void> {
  const db = await journalDb();
  if (!(await claimSourceDeletion(db, batch, image.id))) return;
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
    await releaseSourceDeletion(
      db,
      batch,
      image.id,
      `Copied and verified, but the source could not be deleted: ${failureMessage(err)}`,
    );
    return;
  }
  await markSourceDeleted(db, batch, image.id);
}

/** The transfers from or into this browser's live projects; interrupted ones are cleaned up where a session allows it. */
export async function readTransfers(projects: ProjectContext): Promise<TransfersDto> {
  const db = await journalDb();
  await markInterrupted(db);
  const connections = await projects.connections();
  let transfers = await listTransfers(db, journalScopes(connections));
  const leftovers = transfers.filter(
    (t) => t.dto.cleanup === "needed" && writableConnectionFor(connections, t) !== null,
  );
  if (leftovers.length > 0) {
    // Its own failure is recorded on the transfer and shown there.
    for (const t of leftovers) await cleanUp(projects, db, t).catch(() => undefined);
    transfers = await listTransfers(db, journalScopes(connections));
  }
  return { transfers: transfers.map((t) => t.dto), limit: TRANSFER_PAGE };
}

async function visibleTransfer(projects: ProjectContext, id: string): Promise<TransferRecord> {
  const [found] = await listTransfers(
    await journalDb(),
    journalScopes(await projects.connections()),
    { id },
  );
  if (!found)
    throw new AppError("not_found", "No such transfer from or into a project connected here.");
  return found;
}

/**
 * Stops a transfer, on whichever server runs it; its unfinished copy is deleted. Only the
 * person who started it, or a member (not a reader) of its source project, may: a reader of
 * either project sees it, and no more.
 */
export async function cancelTransfer(projects: ProjectContext, id: string): Promise<TransferDto> {
  const record = await visibleTransfer(projects, id);
  const { dto } = record;
  if (!isTransferActive(dto.status))
    throw new AppError("conflict", `This transfer has already ended (${dto.status}).`);
  const actors = (await projects.connections())
    .filter((c) => c.stored.authUrl === record.sourceCloud)
    .map((c) => ({
      userId: c.stored.user.id,
      projectId: c.stored.project.id,
      readOnly: c.readOnly || c.expired,
    }));
  if (!mayCancel(dto, actors))
    throw new AppError(
      "forbidden",
      `Only ${dto.user.name}, who started this transfer, or a member of ${dto.source.projectName} can cancel it.`,
    );
  await requestCancel(await journalDb(), id);
  running.get(id)?.abort(new AppError("cancelled", "Cancelled."));
  return (await visibleTransfer(projects, id)).dto;
}

type OpenConnections = Awaited<ReturnType<ProjectContext["connections"]>>;

/** A live member connection of the transfer's target project, in its cloud, with its region. */
function writableConnectionFor(connections: OpenConnections, { dto, targetCloud }: TransferRecord) {
  return (
    connections.find(
      (c) =>
        !c.expired &&
        !c.readOnly &&
        c.stored.authUrl === targetCloud &&
        c.stored.project.id === dto.target.projectId &&
        c.endpoints.some((e) => e.region === dto.target.region),
    ) ?? null
  );
}

async function cleanUp(
  projects: ProjectContext,
  db: JournalDb,
  record: TransferRecord,
): Promise<void> {
  const t = record.dto;
  const connection = writableConnectionFor(await projects.connections(), record);
  if (!connection || !t.target.imageId) {
    throw new AppError(
      "not_connected",
      `Connect ${t.target.projectName} (as a member, not a reader) to delete the unfinished copy, or delete it with: openstack image delete ${t.target.imageId}`,
    );
  }
  await removeCopy(
    db,
    t.id,
    await projects.source({ connection: connection.stored.id, region: t.target.region }),
    t.target.imageId,
    t.target.name,
  );
}

/** Deletes the unfinished copy an interrupted or failed transfer left (one click on the page). */
export async function cleanUpTransfer(projects: ProjectContext, id: string): Promise<TransferDto> {
  const transfer = await visibleTransfer(projects, id);
  if (transfer.dto.cleanup !== "needed" && transfer.dto.cleanup !== "failed")
    throw new AppError("conflict", "This transfer left nothing to clean up.");
  await cleanUp(projects, await journalDb(), transfer);
  return (await visibleTransfer(projects, id)).dto;
}
