import "server-only";

import { setTimeout as sleep } from "node:timers/promises";

import { AppError } from "@/lib/errors";
import { say } from "@/lib/i18n/sentence";
import { keep } from "@/lib/i18n/write";
import { flavorTooSmall, SERVER_PROPERTIES } from "@/lib/instances/backup";
import { getImage, type Image } from "@/lib/openstack/glance";
import {
  createServer,
  getServer,
  listFlavors,
  listKeypairs,
  type Flavor,
} from "@/lib/openstack/nova";
import type { ImageLocation } from "@/lib/schemas/images";
import type { FlavorChoicesDto, LaunchDto, LaunchRequest } from "@/lib/schemas/instances";
import { withGlance, withNova, type ProjectContext, type Source } from "@/lib/server/core/context";
import { refuseOverCaps } from "@/lib/server/core/jobs/caps";
import { JobRun } from "@/lib/server/core/jobs/runner";
import { readJobAsked, recordJob, type RecordedJob } from "@/lib/server/core/jobs/store";
import { journalDb, journaled } from "@/lib/server/core/journal";
import { logFailure } from "@/lib/server/log";

const KIND = "launch";
const POLL_MS = 1_000;
/** A boot that is still building after this long is reported, not waited for any more. */
const MAX_WAIT_MS = 30 * 60_000;

type LaunchProgress = Pick<LaunchDto, "state" | "serverId" | "serverStatus" | "fault">;

/** The flavors a project may launch an image with (those too small say why), and its key pairs. */
export async function flavorChoices(
  projects: ProjectContext,
  location: ImageLocation,
  imageId: string,
): Promise<FlavorChoicesDto> {
  const source = await projects.source(location);
  const [image, flavors, keypairs] = await Promise.all([
    withGlance(source, (glance) => getImage(glance, imageId)),
    withNova(source, (nova) => listFlavors(nova)),
    withNova(source, (nova) => listKeypairs(nova)),
  ]);
  return {
    flavors: flavors
      .map((f) => ({ ...f, tooSmall: flavorTooSmall(f, image) }))
      .sort((a, b) => a.vcpus - b.vcpus || a.ramMiB - b.ramMiB || a.name.localeCompare(b.name)),
    recorded: image.properties[SERVER_PROPERTIES.flavor] ?? null,
    keypairs,
  };
}

/**
 * What a launch needs, read now: the project in that region (refused when it may only
 * read, before Nova is asked), the image active, and a flavor that fits it.
 */
async function prepareLaunch(projects: ProjectContext, request: LaunchRequest) {
  const source = await projects.source({ connection: request.connection, region: request.region });
  const flavors = await withNova(source, (nova) => listFlavors(nova), { write: true });
  const image = await withGlance(source, (glance) => getImage(glance, request.imageId));
  if (image.status !== "active")
    throw new AppError(
      "conflict",
      say("instances.notActive", { image: image.name ?? image.id, status: image.status }),
    );
  const flavor = flavors.find((f) => f.id === request.flavorId || f.name === request.flavorId);
  if (!flavor)
    throw new AppError(
      "bad_request",
      say("instances.noFlavor", {
        project: source.dto.projectName,
        flavor: request.flavorId,
        region: source.region,
      }),
    );
  const tooSmall = flavorTooSmall(flavor, image);
  if (tooSmall) {
    const names = { flavor: flavor.name, image: image.name ?? image.id };
    throw new AppError(
      "bad_request",
      tooSmall === "disk"
        ? say("instances.diskTooSmall", { ...names, disk: flavor.diskGiB, minDisk: image.minDisk })
        : say("instances.ramTooSmall", { ...names, ram: flavor.ramMiB, minRam: image.minRam }),
    );
  }
  return { source, image, flavor };
}

/** Boots a server from an image in a project as a job, followed until it is ACTIVE or in ERROR. */
export async function startLaunch(
  projects: ProjectContext,
  request: LaunchRequest,
): Promise<LaunchDto> {
  const db = await journalDb();
  const { source, image, flavor } = await prepareLaunch(projects, request);
  await refuseOverCaps(db, source, [source], 1);
  const progress: LaunchProgress = {
    state: "waiting",
    serverId: null,
    serverStatus: null,
    fault: null,
  };
  const job = await recordJob(
    db,
    KIND,
    projects,
    source,
    {
      ...request,
      imageName: image.name,
      flavorName: flavor.name,
      title: keep(say("jobs.titleLaunch", { name: request.name, image: image.name ?? image.id })),
    },
    progress,
  );
  new LaunchRun(job, progress, source, image, flavor, request)
    .run()
    .catch((err: unknown) => logFailure("launch not run", err));
  return readLaunch(projects, job.id);
}

/** A launch of a project connected here: what was asked, and how far it got. */
export const readLaunch = (projects: ProjectContext, id: string): Promise<LaunchDto> =>
  readJobAsked<LaunchProgress, LaunchDto["request"]>(
    projects,
    KIND,
    id,
    say("jobs.notFound.launch"),
  );

class LaunchRun extends JobRun<LaunchProgress> {
  constructor(
    job: RecordedJob,
    progress: LaunchProgress,
    private readonly source: Source,
    private readonly image: Image,
    private readonly flavor: Flavor,
    private readonly request: LaunchRequest,
  ) {
    super(job, progress);
  }

  protected async steps(): Promise<void> {
    const { request, image } = this;
    // Booting makes a server: claimed first, so that it is never asked twice.
    await this.claim((p) => (p.state = "running"));
    const { value: serverId } = await withNova(
      this.source,
      (nova, actor) =>
        journaled(
          {
            ...actor,
            region: this.source.region,
            image: { id: image.id, name: image.name },
            memberId: null,
            action: "server_launched",
          },
          () =>
            createServer(nova, {
              name: request.name,
              imageId: image.id,
              flavorId: this.flavor.id,
              keyName: request.keyName || undefined,
            }),
        ),
      { write: true },
    );
    this.update((p) => (p.serverId = serverId));
    const started = Date.now();
    for (;;) {
      this.check();
      const server = await withNova(this.source, (nova) => getServer(nova, serverId));
      this.update((p) => {
        p.serverStatus = server.status;
        p.fault = server.fault;
      });
      if (server.status === "ACTIVE") {
        this.update((p) => (p.state = "done"));
        return;
      }
      if (server.status === "ERROR") {
        this.update((p) => (p.state = "failed"));
        throw new AppError(
          "upstream_unavailable",
          server.fault
            ? say("instances.launchFailed", { name: request.name, fault: server.fault })
            : say("instances.launchFailedNoReason", { name: request.name }),
        );
      }
      if (Date.now() - started > MAX_WAIT_MS)
        throw new AppError(
          "timeout",
          say("instances.launchSlow", {
            name: request.name,
            status: server.status,
            minutes: MAX_WAIT_MS / 60_000,
          }),
        );
      await sleep(POLL_MS);
    }
  }
}
