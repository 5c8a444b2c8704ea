import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

// Playwright cannot download its own browser here: drive Debian's Chromium.
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  outputDir: ".test-results/playwright",
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Specs share one real cloud and change its state: one at a time. (Two workers, with the
  // specs that need the cloud alone kept apart, were measured here: the specs that ran side by
  // side took as long together as one after the other, each test twice its time alone. Two
  // cores are busy with Chromium, the server, Keystone and the Glances already.)
  workers: 1,
  fullyParallel: false,
  // A hang shows as a timeout; slowness does not: tests wait on real Glance imports and
  // CLI checks, and took up to 47 s on a CI machine 18% slower than this one.
  timeout: 120_000,
  // A state a test waits for (rows, a toast) gets 15 s: on a fresh CI machine an image list
  // took more than 5 s to show its rows. Waiting on the state ends as soon as it holds.
  expect: { timeout: 15_000 },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  use: {
    baseURL,
    trace: { mode: "retain-on-failure", screenshots: false },
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    // Runs the standalone production server (`npm run build` first; scripts/test-all does).
    command: "bash scripts/start",
    url: `${baseURL}/api/health`,
    // Never test against a server left running from an older build.
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      PORT: String(port),
      BIND_HOST: "127.0.0.1",
      SESSION_SECRET: process.env.SESSION_SECRET ?? "e2e-only-secret-4f9c2a7b1d8e6f3a0c5b9d2e",
      // The local cloud is offered; custom URLs are not (a production build refuses them).
      GLANCE_SHARE_PRESETS: "local,ovh",
      OS_CLIENT_CONFIG_FILE: "",
      // The address the tests open: requests to any other host are refused.
      APP_ORIGIN: baseURL,
    },
  },
});
