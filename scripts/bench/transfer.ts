// Section 6 of the benchmarks: the transfer relay (lib/server/transfers/relay.ts) against
// `curl | curl` and against the guide's way (`openstack image save`, then `image create`).
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { existsSync, openSync, readFileSync, rmSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";

import {
  addMember,
  createImage,
  deleteImage,
  getImage,
  importImage,
  setImageVisibility,
  updateMemberStatus,
  type GlanceTarget,
} from "@/lib/openstack/glance";
import { isTransferActive, type TransferDto, type TransfersDto } from "@/lib/schemas/transfers";
import { relayImageData } from "@/lib/server/transfers/relay";
import { copyDefinition, copyDifferences, recordDifferences } from "@/lib/transfers/copy";

import { cloudDir, cloudsYamlPath } from "../seed/cloud-file";
import { glanceIn, loginAs } from "../testing/local-cloud";
import { BASE, DashboardSession } from "./http";
import { log, measuredAt, out, prose, say } from "./report";
import { cpuSince, ioBytesOf, rssMbOf, serverPids } from "./server";
import { median } from "./stats";

const execFileAsync = promisify(execFile);
const MB = Number(process.env.BENCH_TRANSFER_MB ?? 2048);
const ROUNDS = Number(process.env.BENCH_TRANSFER_ROUNDS ?? 2);
// BENCH_TRANSFER_PIN=1: the target's Glance gets the last core to itself (see `pinned`).
const PIN = process.env.BENCH_TRANSFER_PIN === "1";
// Counted before pinning, which leaves this process fewer.
const CORES = availableParallelism();

/** A local Glance's processes: the one in its pid file and its workers. */
function glancePids(index: number): string[] {
  const parent = readFileSync(path.join(cloudDir(), `glance-${index}.pid`), "utf8").trim();
  const workers = spawnSync("pgrep", ["-P", parent], { encoding: "utf8" })
    .stdout.split("\n")
    .filter(Boolean);
  return [parent, ...workers];
}

const setCores = (pids: string[], cores: string) => {
  for (const pid of pids)
    execFileSync("taskset", ["-a", "-p", "-c", cores, pid], { stdio: "ignore" });
};

/**
 * Gives the target's Glance (RegionTwo), which hashes every byte on one thread, the last core
 * to itself, and the rest (the source's Glance, the dashboard's server, this process and the
 * `curl`s and `openstack`s it starts) the others, for the benchmark's time: to tell whether
 * the spread of the rounds (`curl | curl` alone at 116 to 157 MB/s within one run) comes
 * from where the scheduler puts them. It did not (docs/benchmarks.md, section 6). Returns
 * the undoing, for the processes still running.
 */
function pinned(): () => void {
  if (CORES < 2) throw new Error("BENCH_TRANSFER_PIN needs 2 cores or more");
  const others = [...glancePids(0), ...serverPids(), String(process.pid)];
  const target = glancePids(1);
  setCores(target, String(CORES - 1));
  setCores(others, `0-${CORES - 2}`);
  return () =>
    setCores(
      [...target, ...others].filter((pid) => existsSync(`/proc/${pid}`)),
      `0-${CORES - 1}`,
    );
}

/**
 * CPU time (user + system) of a process and what it started: the steady part of a way's cost,
 * where its pace is not. `targetCpuSeconds` is the target Glance's meanwhile: it hashes every
 * byte on one thread, so it is what every way waits on, and its busy share of the time
 * (`busy`) tells how well a way fed it, whatever pace the machine itself had then.
 */
type Measure = {
  seconds: number;
  rssGrowthMb: number;
  ioMb: number;
  cpuSeconds: number;
  targetCpuSeconds: number;
};

const busy = (m: { seconds: number; targetCpuSeconds: number }) => m.targetCpuSeconds / m.seconds;

/** The mean of measures of one way: the baseline of what ran between them. */
const meanOf = (...ms: Measure[]): Measure => {
  const mean = (f: (m: Measure) => number) => ms.reduce((sum, m) => sum + f(m), 0) / ms.length;
  return {
    seconds: mean((m) => m.seconds),
    rssGrowthMb: 0,
    ioMb: 0,
    cpuSeconds: mean((m) => m.cpuSeconds),
    targetCpuSeconds: mean((m) => m.targetCpuSeconds),
  };
};

/** Bytes this process has read and written so far, sockets included (/proc/self/io). */
function ioBytes(): number {
  const io = readFileSync("/proc/self/io", "utf8");
  const field = (name: string) => Number(new RegExp(`^${name}: (\\d+)$`, "m").exec(io)?.[1] ?? NaN);
  return field("rchar") + field("wchar");
}

/**
 * Waits until the disk has written out what the last way left in the page cache (each copy
 * writes the whole image into a Glance's file store): otherwise the next way's copy competes
 * with that writeback for the cores, and the ways measured last pay for the ones before.
 */
const diskSettled = () => execFileSync("sync");

/**
 * Runs `work`, sampling this process's RSS every 100 ms; the growth is the peak over the
 * start. `work` may return the CPU seconds of processes it ran, to count with this one's.
 */
async function measured(work: () => Promise<number | void>): Promise<Measure> {
  diskSettled();
  const start = process.memoryUsage().rss;
  let peak = start;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const targetCpu = cpuSince(glancePids(1));
  const t0 = performance.now();
  const io0 = ioBytes();
  const cpu0 = process.cpuUsage();
  let childCpu = 0;
  try {
    childCpu = (await work()) ?? 0;
  } finally {
    clearInterval(sampler);
  }
  const cpu = process.cpuUsage(cpu0);
  return {
    seconds: (performance.now() - t0) / 1000,
    rssGrowthMb: (peak - start) / 2 ** 20,
    ioMb: (ioBytes() - io0) / 2 ** 20,
    cpuSeconds: (cpu.user + cpu.system) / 1e6 + childCpu,
    targetCpuSeconds: targetCpu(),
  };
}

type Job = {
  seconds: number;
  cpuSeconds: number;
  targetCpuSeconds: number;
  rssGrowthMb: number;
  rssMb: [number, number, number];
  ioMb: number;
  path: TransferDto["path"];
};

/**
 * One transfer as a person starts it: POST /api/transfers on the running dashboard, then
 * its list until the job has ended. The time is the job's own (created to finished,
 * verification included); RSS and bytes are the server's, sampled from outside.
 */
async function serverJob(session: DashboardSession, body: unknown, made: string[]): Promise<Job> {
  diskSettled();
  const pids = serverPids();
  const rss0 = rssMbOf(pids);
  let peak = rss0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMbOf(pids))), 100);
  const io0 = ioBytesOf(pids);
  const serverCpu = cpuSince(pids);
  const targetCpu = cpuSince(glancePids(1));
  let job: TransferDto | undefined;
  try {
    const { transfers } = (await session.call("POST", "/api/transfers", body)) as TransfersDto;
    const id = transfers[0]!.id;
    for (job = transfers[0]; job && isTransferActive(job.status);) {
      // As often as the server records progress, and no more: the list is work for the server too.
      await sleep(1000);
      job = ((await session.call("GET", "/api/transfers")) as TransfersDto).transfers.find(
        (t) => t.id === id,
      );
    }
  } finally {
    clearInterval(sampler);
  }
  const cpuSeconds = serverCpu();
  // Counted over a little more than the job's own time (its record's), which its busy share
  // divides by: outside the job, the target's Glance has nothing to do.
  const targetCpuSeconds = targetCpu();
  if (job?.target.imageId) made.push(job.target.imageId);
  if (job?.status !== "verified" || !job.finishedAt)
    throw new Error(`the server's transfer ended ${job?.status}: ${job?.error}`);
  return {
    seconds: (Date.parse(job.finishedAt) - Date.parse(job.createdAt)) / 1000,
    cpuSeconds,
    targetCpuSeconds,
    rssGrowthMb: peak - rss0,
    rssMb: [rss0, peak, rssMbOf(pids)],
    ioMb: (ioBytesOf(pids) - io0) / 2 ** 20,
    path: job.path,
  };
}

const cli = (as: string, args: string[]) =>
  execFileAsync("openstack", ["--os-cloud", as, ...args], {
    env: { ...process.env, OS_CLIENT_CONFIG_FILE: cloudsYamlPath() },
    maxBuffer: 2 ** 20,
  });

export async function transfer() {
  log(
    `transfer: a ${MB} MiB image from alpha (RegionOne) to beta (RegionTwo), ${ROUNDS} rounds${PIN ? ", the target's Glance on a core of its own" : ""}`,
  );
  const file = path.join(cloudDir(), "bench-transfer.raw");
  randomFile(file, MB);
  const alpha = glanceIn(await loginAs("alpha-member", "alpha"));
  const betaToken = await loginAs("beta-member", "beta");
  const beta = glanceIn(betaToken, "RegionTwo");
  const source = await createImage(alpha, {
    name: `bench-transfer-${Date.now()}`,
    diskFormat: "raw",
    containerFormat: "bare",
  });
  const made: string[] = [];
  const target = async (name: string) => {
    const image = await createImage(
      beta,
      copyDefinition({ ...(await getImage(alpha, source.id)), region: "RegionOne" }, name),
    );
    made.push(image.id);
    return image.id;
  };
  const dropTargets = async () => {
    await Promise.allSettled(made.splice(0).map((id) => deleteImage(beta, id)));
  };
  const curl = (t: GlanceTarget, ...args: string[]) => [
    "-sS",
    "-f",
    "-H",
    `X-Auth-Token: ${t.token}`,
    ...args,
  ];
  const pipeCommand = (targetId: string) => {
    const get = `curl ${curl(alpha, `${alpha.endpoint}/v2/images/${source.id}/file`)
      .map((a) => `'${a}'`)
      .join(" ")}`;
    const put = `curl ${curl(
      beta,
      "-X",
      "PUT",
      "-H",
      "Content-Type: application/octet-stream",
      "-T",
      "-",
      `${beta.endpoint}/v2/images/${targetId}/file`,
    )
      .map((a) => `'${a}'`)
      .join(" ")}`;
    return `${get} | ${put}`;
  };
  /** `curl | curl` into a copy; returns both curls' CPU seconds (bash's `times`, which runs only if the pipe succeeded). */
  const piped = async (targetId: string): Promise<number> => {
    const { stdout } = await execFileAsync("bash", [
      "-o",
      "pipefail",
      "-c",
      `${pipeCommand(targetId)} && times`,
    ]);
    // Its last line: the children's user and system time, as "0m0.115s 0m0.878s".
    const children = [
      ...stdout
        .trim()
        .split("\n")
        .at(-1)!
        .matchAll(/(\d+)m([\d.]+)s/g),
    ];
    if (children.length !== 2) throw new Error(`bash's times said ${JSON.stringify(stdout)}`);
    return children.reduce((sum, [, m, sec]) => sum + Number(m) * 60 + Number(sec), 0);
  };
  const unpin = PIN ? pinned() : () => undefined;
  try {
    await execFileAsync(
      "curl",
      curl(
        alpha,
        "-X",
        "PUT",
        "-H",
        "Content-Type: application/octet-stream",
        "-T",
        file,
        `${alpha.endpoint}/v2/images/${source.id}/file`,
      ),
    );
    const sourceImage = await getImage(alpha, source.id);
    // glance-download reads the source as beta: beta is an accepted member (the transfer job adds and removes it the same way).
    await addMember(alpha, source.id, betaToken.project!.id);
    await updateMemberStatus(glanceIn(betaToken), source.id, betaToken.project!.id, "accepted");
    const session = new DashboardSession(BASE);
    const job = {
      images: [
        {
          source: {
            connection: await session.connect("alpha-member", "alpha"),
            region: "RegionOne",
          },
          imageId: source.id,
        },
      ],
      targets: [{ connection: await session.connect("beta-member", "beta"), region: "RegionTwo" }],
    };
    // Loads the transfers route and opens its database before anything is measured.
    await session.call("GET", "/api/transfers");
    type Row = {
      pipes: Measure[];
      pipe: Measure;
      plainBase: Measure;
      hashedBase: Measure;
      plain: Measure;
      hashed: Measure;
      guide: Measure;
      glance: Measure;
      verified: boolean;
      curlJob: Measure;
      jobRelay: Job;
      jobGlance: Job;
    };
    const rows: Row[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const curlPipe = async () => {
        const pipeTarget = await target("bench-curl");
        return measured(() => piped(pipeTarget));
      };
      // `curl | curl` before, between and after the two relays, each relay compared with the
      // mean of the two around it: this machine's pace drifts within a round (a `curl | curl`
      // took 13.2 s at one round's start, and the same pipe with two API calls more 16.3 s two
      // minutes later; `openssl speed sha512` on one core gave 457 and 636 MB/s a minute apart).
      const pipeBefore = await curlPipe();
      const plainTarget = await target("bench-relay-plain");
      const plain = await measured(async () => {
        await relayImageData(
          { target: alpha, imageId: source.id },
          { target: beta, imageId: plainTarget },
          { size: sourceImage.size!, hash: false },
        );
      });
      const pipeBetween = await curlPipe();
      const hashedTarget = await target("bench-relay-hashed");
      let verified = false;
      const hashed = await measured(async () => {
        const relayed = await relayImageData(
          { target: alpha, imageId: source.id },
          { target: beta, imageId: hashedTarget },
          { size: sourceImage.size! },
        );
        verified =
          copyDifferences(relayed, sourceImage, await getImage(beta, hashedTarget)).length === 0;
      });
      const pipeAfter = await curlPipe();
      const pipes = [pipeBefore, pipeBetween, pipeAfter];
      const plainBase = meanOf(pipeBefore, pipeBetween);
      const hashedBase = meanOf(pipeBetween, pipeAfter);
      const pipe = meanOf(...pipes);
      // glance-download: beta's Glance in RegionTwo fetches the data from RegionOne itself; this process only asks how it goes.
      const glanceTarget = await target("bench-glance-download");
      const glance = await measured(async () => {
        await importImage(beta, glanceTarget, {
          name: "glance-download",
          glance_image_id: source.id,
          glance_region: "RegionOne",
          glance_service_interface: "public",
        });
        for (let status = ""; status !== "active"; await sleep(1000)) {
          status = (await getImage(beta, glanceTarget)).status;
          if (status === "killed" || status === "deleted")
            throw new Error(`glance-download ended ${status}`);
        }
      });
      verified &&= recordDifferences(sourceImage, await getImage(beta, glanceTarget)).length === 0;
      // The guide's way: save to disk, then create from it (what a person does from a jump host).
      const saved = path.join(cloudDir(), "bench-transfer-saved.raw");
      const guide = await measured(async () => {
        await cli("alpha", ["image", "save", "--file", saved, source.id]);
        const { stdout } = await cli("beta", [
          "--os-region-name",
          "RegionTwo",
          "image",
          "create",
          "--disk-format",
          "raw",
          "--container-format",
          "bare",
          "--file",
          saved,
          "-f",
          "value",
          "-c",
          "id",
          "bench-guide",
        ]);
        made.push(stdout.trim());
      });
      rmSync(saved, { force: true });
      // The server's job by hand, as its baseline: the same steps around the data (create the
      // copy, read its record to check it) from this process, the data itself by `curl | curl`.
      const curlJob = await measured(async () => {
        const id = await target("bench-curl-job");
        const curlCpu = await piped(id);
        await getImage(beta, id);
        return curlCpu;
      });
      // The server's own jobs: a private image is streamed through it; shared with beta (an accepted member), Glance copies it itself.
      await setImageVisibility(alpha, source.id, "private");
      const jobRelay = await serverJob(session, job, made);
      await setImageVisibility(alpha, source.id, "shared");
      const jobGlance = await serverJob(session, job, made);
      if (jobRelay.path !== "relay" || jobGlance.path !== "glance-download")
        throw new Error(`the server took ${jobRelay.path} and ${jobGlance.path}`);
      if (statSync(file).size !== sourceImage.size) throw new Error("the source's size changed");
      rows.push({
        pipes,
        pipe,
        plainBase,
        hashedBase,
        plain,
        hashed,
        guide,
        glance,
        verified,
        curlJob,
        jobRelay,
        jobGlance,
      });
      await dropTargets();
      log(
        `transfer round ${round + 1}: curl|curl ${pipeBefore.seconds.toFixed(1)} s, relay ${plain.seconds.toFixed(1)} s, curl|curl ${pipeBetween.seconds.toFixed(1)} s, hashed ${hashed.seconds.toFixed(1)} s, curl|curl ${pipeAfter.seconds.toFixed(1)} s, glance-download ${glance.seconds.toFixed(1)} s, guide ${guide.seconds.toFixed(1)} s, curl job ${curlJob.seconds.toFixed(1)} s, server relay job ${jobRelay.seconds.toFixed(1)} s, server glance-download job ${jobGlance.seconds.toFixed(1)} s`,
      );
    }
    const rate = (m: Measure) => (MB / m.seconds).toFixed(0);
    const span = (f: (r: Row) => number) =>
      `${Math.min(...rows.map(f)).toFixed(2)}–${Math.max(...rows.map(f)).toFixed(2)}`;
    // A ratio's median beside its range: `curl | curl` alone went from 140 to 184 MB/s between the rounds of one run.
    const typical = (f: (r: Row) => number, more = "") =>
      `${span(f)} (median ${median(rows.map(f)).toFixed(2)}${more})`;
    // A way's total time over all rounds against its baselines' total: the run's ratio, which one round's drift moves less.
    const total = (f: (r: Row) => Measure) => rows.reduce((sum, r) => sum + f(r).seconds, 0);
    const summed = (base: (r: Row) => Measure, way: (r: Row) => Measure) =>
      (total(base) / total(way)).toFixed(2);
    // CPU per GiB moved: on 2 cores, what the relay takes the two Glances cannot have.
    const perGib = (m: { cpuSeconds: number }) => (m.cpuSeconds * 1024) / MB;
    // The target's Glance is what every way waits on; its own pace moves with the machine's.
    const targetPerGib = (m: { targetCpuSeconds: number }) => (m.targetCpuSeconds * 1024) / MB;
    const pct = (m: { seconds: number; targetCpuSeconds: number }) =>
      `${(busy(m) * 100).toFixed(0)}%`;

    say("transfer", "heading", { mb: MB });
    say("transfer", "intro", {
      when: measuredAt(),
      pinCommand: PIN ? "BENCH_TRANSFER_PIN=1 " : "",
      pinned: PIN ? prose("transfer", "pinned", { core: CORES - 1 }) + " " : "",
    });
    out(prose("transfer", "ways-head"));
    for (const [i, r] of rows.entries()) {
      out(
        prose("transfer", "ways-row", {
          round: i + 1,
          pipes: r.pipes.map(rate).join(", "),
          plain: rate(r.plain),
          plainRatio: (r.plainBase.seconds / r.plain.seconds).toFixed(2),
          hashed: rate(r.hashed),
          hashedRatio: (r.hashedBase.seconds / r.hashed.seconds).toFixed(2),
          rssGrowth: r.hashed.rssGrowthMb.toFixed(0),
          hashedIo: r.hashed.ioMb.toFixed(0),
          glance: rate(r.glance),
          glanceIo: r.glance.ioMb.toFixed(2),
          guide: r.guide.seconds.toFixed(1),
          guideRatio: (r.hashed.seconds / r.guide.seconds).toFixed(2),
          verified: r.verified ? "yes" : "NO",
        }),
      );
    }
    out();
    say("transfer", "ways-ranges", {
      plain: typical(
        (r) => r.plainBase.seconds / r.plain.seconds,
        `; summed over the rounds ${summed(
          (r) => r.plainBase,
          (r) => r.plain,
        )}`,
      ),
      hashed: typical(
        (r) => r.hashedBase.seconds / r.hashed.seconds,
        `; summed ${summed(
          (r) => r.hashedBase,
          (r) => r.hashed,
        )}`,
      ),
      guide: span((r) => r.hashed.seconds / r.guide.seconds),
      rssGrowth: span((r) => r.hashed.rssGrowthMb),
      glanceIo: span((r) => r.glance.ioMb),
      hashedIo: span((r) => r.hashed.ioMb),
    });
    say("transfer", "cpu", {
      pipe: span((r) => perGib(r.pipe)),
      plain: span((r) => perGib(r.plain)),
      hashed: span((r) => perGib(r.hashed)),
      job: span((r) => perGib(r.jobRelay)),
      cores: CORES,
    });
    say("transfer", "target-intro");
    out(prose("transfer", "target-head"));
    for (const [i, r] of rows.entries()) {
      out(
        prose("transfer", "target-row", {
          round: i + 1,
          pipesCpu: r.pipes.map((m) => targetPerGib(m).toFixed(2)).join(", "),
          plainCpu: targetPerGib(r.plain).toFixed(2),
          hashedCpu: targetPerGib(r.hashed).toFixed(2),
          pipesBusy: r.pipes.map(pct).join(", "),
          plainBusy: pct(r.plain),
          hashedBusy: pct(r.hashed),
          plainFed: (busy(r.plain) / busy(r.plainBase)).toFixed(2),
          hashedFed: (busy(r.hashed) / busy(r.hashedBase)).toFixed(2),
          jobFed: (busy(r.jobRelay) / busy(r.curlJob)).toFixed(2),
        }),
      );
    }
    out();
    const pipeCpus = rows.flatMap((r) => r.pipes.map(targetPerGib));
    say("transfer", "target-ranges", {
      pipeCpu: `${Math.min(...pipeCpus).toFixed(2)}–${Math.max(...pipeCpus).toFixed(2)}`,
      plainFed: typical((r) => busy(r.plain) / busy(r.plainBase)),
      hashedFed: typical((r) => busy(r.hashed) / busy(r.hashedBase)),
      jobFed: typical((r) => busy(r.jobRelay) / busy(r.curlJob)),
    });
    say("transfer", "jobs-intro");
    out(prose("transfer", "jobs-head"));
    for (const [i, r] of rows.entries()) {
      out(
        prose("transfer", "jobs-row", {
          round: i + 1,
          job: rate(r.jobRelay),
          jobRatio: (r.pipe.seconds / r.jobRelay.seconds).toFixed(2),
          byHand: rate(r.curlJob),
          byHandRatio: (r.curlJob.seconds / r.jobRelay.seconds).toFixed(2),
          rssGrowth: r.jobRelay.rssGrowthMb.toFixed(0),
          rss: r.jobRelay.rssMb.map((m) => m.toFixed(0)).join(" → "),
          io: r.jobRelay.ioMb.toFixed(0),
          glanceJob: rate(r.jobGlance),
          glanceIo: r.jobGlance.ioMb.toFixed(2),
        }),
      );
    }
    out();
    say("transfer", "jobs-ranges", {
      job: typical((r) => r.pipe.seconds / r.jobRelay.seconds),
      byHand: typical((r) => r.curlJob.seconds / r.jobRelay.seconds),
      rssGrowth: span((r) => r.jobRelay.rssGrowthMb),
      io: span((r) => r.jobRelay.ioMb),
      glanceIo: span((r) => r.jobGlance.ioMb),
      mb: MB,
    });
    if (rows.some((r) => !r.verified)) process.exitCode = 1;
  } finally {
    await dropTargets();
    await deleteImage(alpha, source.id).catch(() => undefined);
    rmSync(file, { force: true });
    unpin();
  }
}

/** Random bytes (nothing compresses them), written by `head` straight to the file. */
function randomFile(file: string, mb: number) {
  const result = spawnSync("head", ["-c", String(mb * 2 ** 20), "/dev/urandom"], {
    stdio: ["ignore", openSync(file, "w"), "inherit"],
  });
  if (result.status !== 0) throw new Error(`could not write ${file}`);
}
