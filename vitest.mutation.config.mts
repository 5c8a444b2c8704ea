// The unit project, as `npm run test:mutation` runs it against each mutant: without the
// tests that wait seconds on purpose (a connection that never opens), which check
// timers, not the guards, and would multiply the run's time.
import { defineConfig } from "vitest/config";

import { unitProject } from "./vitest.config.mts";

export default defineConfig({
  ...unitProject,
  test: { ...unitProject.test, testNamePattern: /^(?!.*does not take the connection)/ },
});
