// The local cloud's Glance processes, as tests stop and resume them (no lib/ import: e2e uses it too).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

import { cloudDir, readCloudFile } from "../seed/cloud-file";

const regionIndex = (region: string) => {
  const index = readCloudFile().regions.findIndex((r) => r.id === region);
  if (index < 0) throw new Error(`The local cloud has no region ${region}.`);
  return index;
};

/** A region's Glance API process and its workers. */
function glancePids(region: string): number[] {
  const parent = Number(
    readFileSync(path.join(cloudDir(), `glance-${regionIndex(region)}.pid`), "utf8").trim(),
  );
  const workers = execFileSync("pgrep", ["-P", String(parent)], { encoding: "utf8" })
    .split("\n")
    .filter(Boolean)
    .map(Number);
  return [parent, ...workers];
}

/**
 * Stops a region's Glance (its API process and workers) as a hung server would be: its
 * socket still accepts connections, nothing answers. Returns the function that lets it
 * go on; call it in a `finally`.
 */
export function freezeGlance(region: string): () => void {
  const pids = glancePids(region);
  for (const pid of pids) process.kill(pid, "SIGSTOP");
  return () => {
    for (const pid of pids) process.kill(pid, "SIGCONT");
  };
}

/**
 * Ends a region's Glance at once, as a crash or a lost host would: its connections break
 * mid-stream and new ones are refused until `startGlance`. Frozen first, so that no worker
 * answers another byte while the others die.
 */
export function killGlance(region: string): void {
  const pids = glancePids(region);
  for (const pid of pids) process.kill(pid, "SIGSTOP");
  for (const pid of pids) process.kill(pid, "SIGKILL");
}

/** Starts a region's Glance again (after `killGlance`), with the cloud's usual settings; returns once it answers. */
export function startGlance(region: string): void {
  execFileSync("bash", ["scripts/local-cloud", "restart-glance", String(regionIndex(region))], {
    env: { ...process.env, GLANCE_MEMBER_QUOTA: "", GLANCE_IMAGE_SIZE_CAP: "" },
    stdio: "pipe",
  });
}

/**
 * Waits until a region's Glance is writing an image's data into its file store and holds
 * at least `bytes` of it: a way to catch a copy mid-stream. Returns that image's id (the
 * store names each file after its image).
 */
export async function imageBeingWritten(
  region: string,
  bytes: number,
  timeoutMs = 30_000,
): Promise<string> {
  const store = path.join(cloudDir(), `glance-${regionIndex(region)}`, "images");
  const before = new Set(readdirSync(store));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const file of readdirSync(store)) {
      if (before.has(file)) continue;
      const size = (() => {
        try {
          return statSync(path.join(store, file)).size;
        } catch {
          return 0; // deleted meanwhile
        }
      })();
      if (size >= bytes) return file;
    }
    await sleep(5);
  }
  throw new Error(
    `No new image reached ${bytes} bytes in ${region}'s store within ${timeoutMs / 1000} s.`,
  );
}

/**
 * Puts a region's Glance behind a slow link: everything it sends leaves the machine's
 * loopback at `mbit` megabits a second (Linux traffic control: an htb class for its port),
 * while it answers at once. A relay from it then runs for a known time, whatever the
 * machine's speed. Returns the function that takes the link away; call it in a `finally`.
 */
export function slowGlanceLink(region: string, { mbit = 16 } = {}): () => void {
  const port = new URL(readCloudFile().regions[regionIndex(region)]!.imageUrl).port;
  const tc = (...args: string[]) => execFileSync("tc", args, { stdio: "pipe" });
  const remove = () => {
    try {
      tc("qdisc", "del", "dev", "lo", "root");
    } catch {
      // None there: nothing to take away.
    }
  };
  // A run killed mid-test may have left one.
  remove();
  tc("qdisc", "add", "dev", "lo", "root", "handle", "1:", "htb", "default", "10");
  tc("class", "add", "dev", "lo", "parent", "1:", "classid", "1:10", "htb", "rate", "100gbit");
  tc(
    ...["class", "add", "dev", "lo", "parent", "1:", "classid", "1:30", "htb"],
    ...["rate", `${mbit}mbit`, "ceil", `${mbit}mbit`, "burst", "64kb"],
  );
  tc(
    ...["filter", "add", "dev", "lo", "parent", "1:", "protocol", "ip", "prio", "1", "u32"],
    ...["match", "ip", "sport", port, "0xffff", "flowid", "1:30"],
  );
  process.once("exit", remove);
  return () => {
    process.off("exit", remove);
    remove();
  };
}

/**
 * Makes a region's Glance slow, as an overloaded one is: frozen most of the time and let go
 * for a moment now and then (each pause shorter than a client's timeout). Returns the
 * function that lets it run at full speed again; call it in a `finally`.
 */
export function throttleGlance(region: string, { runMs = 10, pauseMs = 2_000 } = {}): () => void {
  const pids = glancePids(region);
  let on = true;
  // A test runner that ends mid-pause (a timeout) must not leave the cloud's Glance stopped.
  const resume = () => pids.forEach((pid) => process.kill(pid, "SIGCONT"));
  process.once("exit", resume);
  const cycle = async () => {
    while (on) {
      for (const pid of pids) process.kill(pid, "SIGSTOP");
      await sleep(pauseMs);
      for (const pid of pids) process.kill(pid, "SIGCONT");
      await sleep(runMs);
    }
  };
  const running = cycle();
  return () => {
    on = false;
    void running.then(resume);
  };
}
