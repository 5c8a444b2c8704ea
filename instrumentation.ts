// Runs once when the server starts. The Node-only check lives in its own module so
// the Edge compilation never sees it.
export async function register() {
  if (
    process.env.NEXT_RUNTIME === "nodejs" &&
    process.env.NEXT_PHASE !== "phase-production-build"
  ) {
    await import("./lib/server/check-config");
  }
}
