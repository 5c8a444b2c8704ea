import "server-only";

import { randomUUID } from "node:crypto";

import { AppError } from "@/lib/errors";
import { oneAfterAnother, say, type Sentence } from "@/lib/i18n/sentence";
import { getImage, getImageUsage, listMembers, type Image } from "@/lib/openstack/glance";
import type { ImageLocation } from "@/lib/schemas/images";
import type { TargetUsageDto, TransferRequest, TransfersDto } from "@/lib/schemas/transfers";
import { withGlance, type ProjectContext, type Source } from "@/lib/server/core/context";
import { refuseOverCaps } from "@/lib/server/core/jobs/caps";
import { journalDb } from "@/lib/server/core/journal";
import { logFailure } from "@/lib/server/log";
import { moveRefusal } from "@/lib/transfers/move";
import { quotaRefusal, type Usage } from "@/lib/transfers/quota";

import { keepSessions } from "./kept";
import { choosePath } from "./paths";
import { runTransfer, type Origin } from "./run";
import {
  FRESH_TRANSFER,
  insertTransfers,
  TRANSFER_PAGE,
  transfersOfBatch,
  type NewTransferRow,
} from "./store";

/** Why a copy cannot go to this target, found before anything is made; null if it can. */
function targetRefusal(target: Source): Sentence | null {
  const { stored, expired, readOnly } = target.connection;
  const project = stored.project.name;
  if (expired) return say("plan.targetExpired", { project });
  if (readOnly) return say("plan.targetReadOnly", { project, roles: stored.roles.join(", ") });
  if (!target.endpoint) return say("plan.targetNoGlance", { project, region: target.region });
  return null;
}

/** Why this image cannot be copied (or moved) from here; null if it can. */
function sourceRefusal(image: Image, source: Source, move: boolean): Sentence | null {
  const name = image.name ?? image.id;
  if (image.status !== "active")
    return say("plan.sourceNotActive", { image: name, status: image.status });
  const { stored, expired, readOnly } = source.connection;
  const project = stored.project.name;
  if (expired) return say("plan.sourceExpired", { project, image: name });
  if (readOnly)
    return say("plan.sourceReadOnly", { project, roles: stored.roles.join(", "), image: name });
  if (image.size === null) return say("plan.sourceNoData", { image: name });
  if (!image.diskFormat || !image.containerFormat)
    return say("plan.sourceNoFormat", { image: name });
  const cannotMove = move
    ? moveRefusal({
        id: image.id,
        owned: image.owner === stored.project.id,
        protected: image.protected,
        properties: image.properties,
        writable: !expired && !readOnly,
      })
    : null;
  if (cannotMove) return say("plan.cannotMove", { image: name, reason: cannotMove });
  return null;
}

/** Why the source's members cannot go with the copies: only its owner sees them, and project ids mean nothing in another cloud. */
function membersRefusals(image: Image, source: Source, targets: Source[]): Sentence[] {
  const refusals: Sentence[] = [];
  if (image.owner !== source.connection.stored.project.id)
    refusals.push(say("plan.membersNotOwner", { image: image.name ?? image.id }));
  for (const t of targets) {
    if (t.connection.stored.authUrl !== source.connection.stored.authUrl)
      refusals.push(say("plan.membersOtherCloud", { project: t.connection.stored.project.name }));
  }
  return refusals;
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

/**
 * Starts copying images into connected projects × regions: each image × target pair is a
 * transfer that runs on this server after the request has ended, reported in the database.
 * Everything that would refuse a pair is checked first, and then none is started.
 */
export async function startTransfers(
  projects: ProjectContext,
  request: TransferRequest,
): Promise<TransfersDto> {
  const sources = await Promise.all(request.images.map(({ source }) => projects.source(source)));
  const targets = await Promise.all(request.targets.map((t) => projects.source(t)));
  const db = await journalDb();
  // Before Glance is asked anything: a flood is refused at no cost to the cloud.
  await refuseOverCaps(
    db,
    sources[0]!,
    [...sources, ...targets],
    request.images.length * request.targets.length,
  );
  const chosen = await Promise.all(
    request.images.map(async ({ imageId }, i) => ({
      source: sources[i]!,
      image: await withGlance(sources[i]!, (glance) => getImage(glance, imageId)),
    })),
  );
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
  ].filter((r): r is Sentence => r !== null);
  if (refusals.length > 0)
    throw new AppError(
      request.move || refusals.length > 1 ? "conflict" : "forbidden",
      oneAfterAnother(refusals),
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
    ...FRESH_TRANSFER,
    size: image.size,
    // The job can then be cleaned up after by any instance, as the person who started it.
    credentials: keepSessions(
      projects.session,
      source.connection.stored.id,
      target.connection.stored.id,
    ),
  }));
  await insertTransfers(db, rows);
  rows.forEach((row, i) => {
    const { origin, target, plan } = pairs[i]!;
    runTransfer({
      id: row.id,
      batch,
      origin,
      target,
      plan,
      name: row.target_name,
      move: request.move,
    }).catch((err: unknown) => logFailure("transfer not run", err));
  });
  return { transfers: (await transfersOfBatch(db, batch)).map((r) => r.dto), limit: TRANSFER_PAGE };
}
