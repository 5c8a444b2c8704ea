// A PostgreSQL server of a test's own (Debian's binaries, a throwaway cluster on loopback),
// for the dashboard's database alone: a fault test stops or freezes it without touching the
// local cloud's, which Keystone and Glance need.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const bin = (name: string) => {
  const versions = readdirSync("/usr/lib/postgresql").sort();
  return `/usr/lib/postgresql/${versions.at(-1)}/bin/${name}`;
};
const asPostgres = (command: string, args: string[]) =>
  execFileSync("runuser", ["-u", "postgres", "--", bin(command), ...args], { stdio: "pipe" });

export class OwnPostgres {
  private readonly dir = mkdtempSync(path.join(tmpdir(), "glance-share-pg-"));
  private readonly data = path.join(this.dir, "data");

  constructor(readonly port: number) {
    chmodSync(this.dir, 0o777);
  }

  /** A URL to one of its databases (`postgres` administers it). */
  url(database = "postgres"): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** Creates the cluster and starts it. */
  init(): void {
    asPostgres("initdb", ["-D", this.data, "-U", "postgres", "-A", "trust", "-E", "UTF8"]);
    this.start();
  }

  start(): void {
    asPostgres("pg_ctl", [
      "-D",
      this.data,
      "-o",
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1`,
      "-l",
      path.join(this.dir, "log"),
      "-w",
      "start",
    ]);
  }

  /** Stops it as an operator or a failover does: connections are cut, new ones refused. */
  stop(): void {
    asPostgres("pg_ctl", ["-D", this.data, "-m", "fast", "-w", "stop"]);
  }

  /** Freezes it (SIGSTOP), as a hung host: connections stay open, nothing answers. Returns the thaw. */
  freeze(): () => void {
    const parent = Number(
      readFileSync(path.join(this.data, "postmaster.pid"), "utf8").split("\n")[0],
    );
    const children = execFileSync("pgrep", ["-P", String(parent)], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map(Number);
    const pids = [parent, ...children];
    for (const pid of pids) process.kill(pid, "SIGSTOP");
    return () => pids.forEach((pid) => process.kill(pid, "SIGCONT"));
  }

  destroy(): void {
    try {
      this.stop();
    } catch {
      // Already stopped.
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
