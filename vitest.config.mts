import path from "node:path";

import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
const shared = {
  environment: "node" as const,
  // lib/ modules are server-only; tests run where Next's server code runs.
  alias: { "@": root, "server-only": path.join(root, "node_modules/server-only/empty.js") },
};

/** Pure logic and hostile-upstream tests; also what `npm run test:mutation` runs against each mutant. */
export const unitProject = {
  resolve: { alias: shared.alias },
  test: {
    name: "unit",
    environment: shared.environment,
    include: ["lib/**/*.test.ts", "scripts/**/*.test.ts"],
    exclude: ["**/*.integration.test.ts", "node_modules/**", ".stryker-tmp/**"],
  },
};

export default defineConfig({
  resolve: { alias: shared.alias },
  test: {
    projects: [
      unitProject,
      {
        resolve: { alias: shared.alias },
        test: {
          name: "integration",
          environment: shared.environment,
          include: ["lib/**/*.integration.test.ts"],
          // Tests share one real cloud: run files one at a time.
          fileParallelism: false,
          // For hangs only: a test waits on Glance's imports, and four glance-download
          // copies took 26 s here, more on a slower CI machine.
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias: shared.alias },
        test: {
          // Production builds behind a real proxy: after `next build`, with the local cloud.
          name: "deployment",
          environment: shared.environment,
          include: ["deploy/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
