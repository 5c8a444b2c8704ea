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

/** Integration tests that compare what a project sees with the seeded cloud: no other test may add to it meanwhile. */
const seededIntegration = ["lib/openstack/glance-seeded.integration.test.ts"];

/** One group of integration tests; groups run one after the other, in `order`. */
const integrationProject = (
  name: string,
  order: number,
  files: { include: string[]; exclude?: string[]; fileParallelism?: boolean },
) => ({
  resolve: { alias: shared.alias },
  test: {
    name,
    environment: shared.environment,
    ...files,
    sequence: { groupOrder: order },
    // For hangs only: a test waits on Glance's imports, and four glance-download
    // copies took 26 s here, more on a slower CI machine.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  resolve: { alias: shared.alias },
  test: {
    // Three files at a time: the integration tests wait on the cloud far more than they
    // compute (the default leaves one core free: one at a time on two cores).
    maxWorkers: 3,
    projects: [
      unitProject,
      // Integration tests against the one real cloud, in two groups run one after the other
      // (`--project "integration-*"` runs both). First the files that read the seeded cloud
      // as a whole (every image a project sees), alone; then the rest side by side: each works
      // on images of its own, and waits on Glance far more than it computes (measured here:
      // 191 s one file at a time, 110 s two at a time, before Compute joined the cloud).
      integrationProject("integration-alone", 1, {
        include: seededIntegration,
        fileParallelism: false,
      }),
      integrationProject("integration-side-by-side", 2, {
        include: ["lib/**/*.integration.test.ts"],
        exclude: [...seededIntegration, "node_modules/**", ".stryker-tmp/**"],
      }),
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
