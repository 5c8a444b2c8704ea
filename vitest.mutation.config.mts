// The unit project, as `npm run test:mutation` runs it against each mutant: without the
// tests that wait seconds on purpose (a connection that never opens), which check
// timers, not the guards, and would multiply the run's time; and without the catalog
// check, which reads the code's text, and in Stryker's sandbox reads it instrumented.
import { defineConfig } from "vitest/config";

import { unitProject } from "./vitest.config.mts";

export default defineConfig({
  ...unitProject,
  test: {
    ...unitProject.test,
    exclude: [...unitProject.test.exclude, "lib/i18n/catalogs.test.ts"],
    testNamePattern: /^(?!.*does not take the connection)/,
  },
});
