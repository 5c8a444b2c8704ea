import "server-only";

import { ConfigError, getEnv } from "./env";

// Imported once at start-up: a bad configuration stops the server here, with a
// clear message, instead of failing on the first request.
try {
  getEnv();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`[glance-share] cannot start: ${err.message}`);
  process.exit(1);
}
