// The dashboard server that scripts/bench/run started, as the benchmarks watch it from outside.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

export const serverGroup = () => {
  const group = process.env.BENCH_SERVER_PGID;
  if (!group)
    throw new Error("BENCH_SERVER_PGID is not set: run the benchmarks through scripts/bench/run");
  return group;
};

export const psSum = (args: string[]) =>
  execFileSync("ps", args, { encoding: "utf8" })
    .split("\n")
    .filter((l) => l.trim())
    .reduce((sum, l) => sum + Number(l.trim()), 0);

/** The dashboard's processes now (one pgrep: a sampler reads /proc for them instead of starting ps each time). */
export const serverPids = (): string[] =>
  execFileSync("pgrep", ["-g", serverGroup()], { encoding: "utf8" }).split("\n").filter(Boolean);

const procField = (pid: string, file: "io" | "status", name: string) =>
  Number(
    new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(
      readFileSync(`/proc/${pid}/${file}`, "utf8"),
    )?.[1] ?? NaN,
  );

/** Resident memory of these processes, MB, read from /proc (cheap enough to sample often on a busy machine). */
export const rssMbOf = (pids: string[]) =>
  pids.reduce((sum, pid) => sum + procField(pid, "status", "VmRSS"), 0) / 1024;

/** Resident memory of the dashboard's processes now (Next forks its server), MB. */
export const serverRssMb = () => rssMbOf(serverPids());

/** Bytes these processes have read and written so far, sockets included (rchar + wchar of /proc/PID/io). */
export const ioBytesOf = (pids: string[]) =>
  pids.reduce((sum, pid) => sum + procField(pid, "io", "rchar") + procField(pid, "io", "wchar"), 0);

// Asked once, when first needed: every benchmark imports this file, few count CPU.
let clockTicks: number | undefined;
const ticksPerSecond = () =>
  (clockTicks ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" })));

/** CPU seconds (user + system) these processes have used so far (/proc/PID/stat). */
const cpuSecondsOf = (pids: string[]) =>
  pids.reduce((sum, pid) => {
    // After the command's name, which may hold spaces: state is the 1st field, utime the 12th, stime the 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ").at(-1)!.split(" ");
    return sum + Number(fields[11]) + Number(fields[12]);
  }, 0) / ticksPerSecond();

/** Starts counting these processes' CPU seconds; the function returned gives those used since. */
export const cpuSince = (pids: string[]) => {
  const start = cpuSecondsOf(pids);
  return () => cpuSecondsOf(pids) - start;
};
