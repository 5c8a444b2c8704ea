// Runs once when the server starts: a bad configuration stops it here, with a clear
// message, instead of failing on the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { getEnv, ConfigError } = await import("@/lib/env");
  try {
    getEnv();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`[glance-share] ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}
