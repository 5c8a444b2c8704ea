import "server-only";

import { setTimeout as sleep } from "node:timers/promises";

import { AppError } from "@/lib/errors";
import { say, type Sentence } from "@/lib/i18n/sentence";
import { keep } from "@/lib/i18n/write";
import { recordedProperties, rotationVictims } from "@/lib/instances/backup";
import { OpenStackError } from "@/lib/openstack/errors";
import { getImage, listAllImages, listMembers, type Image } from "@/lib/openstack/glance";
import { backupServer, getServer, snapshotServer, type Server } from "@/lib/openstack/nova";
import type { BackupDto, BackupRequest } from "@/lib/schemas/instances";
import { withGlance, withNova, type ProjectContext, type Source } from "@/lib/server/core/context";
import type { JournalDb } from "@/lib/server/core/database";
import { refuseOverCaps } from "@/lib/server/core/jobs/caps";
import { ACTIVE_STATUSES } from "@/lib/server/core/jobs/leases";
import { JobRun } from "@/lib/server/core/jobs/runner";
import { readJobAsked, recordJob, type RecordedJob } from "@/lib/server/core/jobs/store";
import { journalDb, journaled } from "@/lib/server/core/journal";
import { logFailure } from "@/lib/server/log";

const KIND = "backup";
/** How often Glance is asked while the image uploads, and for how long at most. */
const POLL_MS = 1_000;
const MAX_WAIT_MS = 60 * 60_000;

type BackupProgress = Pick<BackupDto, "state" | "imageId" | "imageStatus" | "size" | "rotates">;

/** A backup that Nova's rotation would delete, and why that matters. */
interface AtRisk {
  image: Image;
  acceptedBy: number;
  beingCopied: boolean;
}

/** The earlier backups of this server and type that the rotation deletes, and which of them others use. */
async function rotationRisks(
  db: JournalDb,
  source: Source,
  server: Server,
  request: BackupRequest,
): Promise<{ victims: Image[]; atRisk: AtRisk[] }> {
  if (request.kind !== "backup") return { victims: [], atRisk: [] };
  const owned = await withGlance(source, (glance) =>
    listAllImages(glance, { owner: source.dto.projectId }),
  );
  const earlier = owned.filter(
    (i) =>
      i.properties.instance_uuid === server.id &&
      i.properties.image_type === "backup" &&
      i.properties.backup_type === request.backupType,
  );
  const victims = rotationVictims(earlier, request.rotation);
  const atRisk: AtRisk[] = [];
  for (const image of victims) {
    const members =
      image.visibility === "shared"
        ? await withGlance(source, (glance) => listMembers(glance, image.id))
        : [];
    const copying = await db
      .selectFrom("transfers")
      .select("id")
      .where("source_image_id", "=", image.id)
      .where("status", "in", ACTIVE_STATUSES)
      .executeTakeFirst();
    const acceptedBy = members.filter((m) => m.status === "accepted").length;
    if (acceptedBy > 0 || copying) atRisk.push({ image, acceptedBy, beingCopied: !!copying });
  }
  return { victims, atRisk };
}

/** "web-1-backup-0 (used by 1 project) and web-1-backup-1 (being copied)". */
function describeRisks(atRisk: AtRisk[]): Sentence {
  const [first, ...rest] = atRisk.map(({ image, acceptedBy, beingCopied }) => {
    const values = { image: image.name ?? image.id, count: acceptedBy };
    if (acceptedBy > 0 && beingCopied) return say("instances.riskBoth", values);
    return acceptedBy > 0
      ? say("instances.riskAccepted", values)
      : say("instances.riskCopied", values);
  });
  return rest.length === 0
    ? first!
    : say("instances.riskList", { first: first!, rest: describeRisks(atRisk.slice(1)) });
}

/**
 * What a backup needs, read now: the project in that region (refused when it may only
 * read, before Nova is asked), the server as Nova has it, and what the rotation deletes.
 */
async function prepareBackup(db: JournalDb, projects: ProjectContext, request: BackupRequest) {
  const source = await projects.source({ connection: request.connection, region: request.region });
  const server = await withNova(source, (nova) => getServer(nova, request.serverId), {
    write: true,
  });
  const { victims, atRisk } = await rotationRisks(db, source, server, request);
  if (atRisk.length > 0 && !request.confirmRotation)
    throw new AppError(
      "conflict",
      say("instances.rotationRisk", {
        rotation: request.rotation,
        type: request.backupType,
        server: server.name,
        risks: describeRisks(atRisk),
      }),
    );
  return { source, server, victims };
}

/**
 * Starts a backup (or snapshot) of a server as a job: Nova is asked for the image, which
 * records what the server was (flavor, boot image, key pair, groups, metadata), and the job
 * follows it in Glance until it is active.
 */
export async function startBackup(
  projects: ProjectContext,
  request: BackupRequest,
): Promise<BackupDto> {
  const db = await journalDb();
  const { source, server, victims } = await prepareBackup(db, projects, request);
  await refuseOverCaps(db, source, [source], 1);
  const progress: BackupProgress = {
    state: "waiting",
    imageId: null,
    imageStatus: null,
    size: null,
    rotates: victims.map((v) => ({ id: v.id, name: v.name })),
  };
  // What was asked, as the job keeps it (a confirmation is not kept: it was given once).
  const asked: Partial<BackupRequest> = { ...request };
  delete asked.confirmRotation;
  const job = await recordJob(
    db,
    KIND,
    projects,
    source,
    {
      ...asked,
      serverName: server.name,
      title: keep(
        request.kind === "backup"
          ? say("jobs.titleBackup", { server: server.name })
          : say("jobs.titleSnapshot", { server: server.name }),
      ),
    },
    progress,
  );
  new BackupRun(job, progress, source, server, request)
    .run()
    .catch((err: unknown) => logFailure("backup not run", err));
  return readBackup(projects, job.id);
}

/** A backup job of a project connected here: what was asked, and how far it got. */
export const readBackup = (projects: ProjectContext, id: string): Promise<BackupDto> =>
  readJobAsked<BackupProgress, BackupDto["request"]>(
    projects,
    KIND,
    id,
    say("jobs.notFound.backup"),
  );

class BackupRun extends JobRun<BackupProgress> {
  constructor(
    job: RecordedJob,
    progress: BackupProgress,
    private readonly source: Source,
    private readonly server: Server,
    private readonly request: BackupRequest,
  ) {
    super(job, progress);
  }

  protected async steps(): Promise<void> {
    const { request, server } = this;
    // Asking Nova makes an image: claimed first, so a resumed job never asks twice.
    await this.claim((p) => (p.state = "running"));
    const metadata = recordedProperties(server);
    const { value: imageId } = await withNova(
      this.source,
      (nova, actor) =>
        journaled(
          // Recorded once Nova has named the image (a refusal stays on the job).
          (id: string | null) =>
            id
              ? {
                  ...actor,
                  region: this.source.region,
                  image: { id, name: request.name },
                  memberId: null,
                  action: request.kind === "backup" ? "server_backup" : "server_snapshot",
                }
              : null,
          () =>
            request.kind === "backup"
              ? backupServer(nova, server.id, {
                  name: request.name,
                  type: request.backupType,
                  rotation: request.rotation,
                  metadata,
                })
              : snapshotServer(nova, server.id, { name: request.name, metadata }),
        ),
      { write: true },
    );
    this.update((p) => (p.imageId = imageId));
    const started = Date.now();
    for (;;) {
      this.check();
      const image = await withGlance(this.source, (glance) => getImage(glance, imageId)).catch(
        (err: unknown) => {
          if (err instanceof OpenStackError && err.upstreamStatus === 404) return null;
          throw err;
        },
      );
      if (!image || image.status === "killed" || image.status === "deleted") {
        const fault = await withNova(this.source, (nova) => getServer(nova, server.id))
          .then((s) => s.fault)
          .catch(() => null);
        this.update((p) => {
          p.state = "failed";
          p.imageStatus = image?.status ?? "deleted";
        });
        throw new AppError(
          "upstream_unavailable",
          fault
            ? say("instances.backupFailed", { fault, status: image?.status ?? "deleted" })
            : say("instances.backupFailedNoReason", { status: image?.status ?? "deleted" }),
        );
      }
      this.update((p) => {
        p.imageStatus = image.status;
        p.size = image.size;
      });
      if (image.status === "active") {
        this.update((p) => (p.state = "done"));
        return;
      }
      if (Date.now() - started > MAX_WAIT_MS)
        throw new AppError(
          "timeout",
          say("instances.backupSlow", { status: image.status, minutes: MAX_WAIT_MS / 60_000 }),
        );
      await sleep(POLL_MS);
    }
  }
}
