import { spawn } from "node:child_process";

import { expect, test } from "./support/test";

/** Starts the production server as `npm start` does, with the given environment; resolves with how it ended. */
function startServer(
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("bash", ["scripts/start"], {
      env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", PORT: "3190", ...env },
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill("SIGTERM"), 20_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

test("production refuses to start without SESSION_SECRET, saying how to fix it", async () => {
  const { code, output } = await startServer({});
  expect(code).toBe(1);
  expect(output).toContain("cannot start: SESSION_SECRET is not set");
  expect(output).toContain("openssl rand -base64 32");
});

test("production refuses a weak SESSION_SECRET", async () => {
  const { code, output } = await startServer({ SESSION_SECRET: "x".repeat(40) });
  expect(code).toBe(1);
  expect(output).toContain("SESSION_SECRET is too weak");
});

test("production refuses to start without the public origin (APP_ORIGIN), saying how to set it", async () => {
  const { code, output } = await startServer({
    SESSION_SECRET: "k8Xq2mZ7pL4vN9rT1wY6sB3dF5hJ0cGa",
  });
  expect(code).toBe(1);
  expect(output).toContain("cannot start: APP_ORIGIN is not set");
  expect(output).toContain("APP_ORIGIN=https://share.example.com");
});
