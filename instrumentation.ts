// Runs once when the server starts. The Node-only work lives in its own modules so
// the Edge compilation never sees it: the configuration check, then the jobs' heartbeats
// and the janitor.
export async function register() {
  if (
    process.env.NEXT_RUNTIME === "nodejs" &&
    process.env.NEXT_PHASE !== "phase-production-build"
  ) {
    await import("./lib/server/check-config");
    (await import("./lib/server/background")).startBackgroundWork();
  }
}
