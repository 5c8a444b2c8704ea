import { spawn, type ChildProcess } from "node:child_process";
import { get } from "node:http";
import path from "node:path";

// Test runners start in the repository's root (npm scripts, Playwright, vitest).
const root = process.cwd();

/**
 * One production dashboard (the standalone build, started as `npm start` does) on a port
 * of its own, for tests that need a configuration the main test server does not have.
 */
export class DashboardServer {
  private child: ChildProcess | null = null;
  constructor(
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  get running() {
    return this.child !== null;
  }

  get origin() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts it and waits for its health check; a server that exits or never answers fails with its output. */
  /** What it printed since it last started (its log), for a failing test to show. */
  output: string[] = [];

  async start() {
    const log: string[] = (this.output = []);
    this.child = spawn("bash", [path.join(root, "scripts/start")], {
      cwd: root,
      env: { ...this.env, PORT: String(this.port), BIND_HOST: "127.0.0.1" },
    });
    this.child.stdout!.on("data", (d: Buffer) => log.push(d.toString()));
    this.child.stderr!.on("data", (d: Buffer) => log.push(d.toString()));
    for (let i = 0; i < 100; i++) {
      if (this.child.exitCode !== null)
        throw new Error(`dashboard on ${this.port} exited: ${log.join("")}`);
      const up = await healthy(this.port, this.env.APP_ORIGIN);
      if (up) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`dashboard on ${this.port} did not start: ${log.join("")}`);
  }

  /** Stops it (SIGTERM), or ends it at once as a crash or a lost host would (`SIGKILL`). */
  async stop(signal: "SIGTERM" | "SIGKILL" = "SIGTERM") {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill(signal);
    await exited;
    this.child = null;
  }
}

/**
 * Whether the server on `port` says it is ready, asked under the host it serves (the
 * public origin's: a server behind a proxy refuses any other, as it should).
 */
function healthy(port: number, appOrigin: string | undefined): Promise<boolean> {
  const host = appOrigin ? new URL(appOrigin).host : `127.0.0.1:${port}`;
  return new Promise((resolve) => {
    get({ host: "127.0.0.1", port, path: "/api/health", headers: { Host: host } }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    }).on("error", () => resolve(false));
  });
}
