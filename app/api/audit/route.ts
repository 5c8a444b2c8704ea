import { apiRoute } from "@/lib/api/handler";
import { prepareAudit } from "@/lib/audit/service";
import type { AuditEvent } from "@/lib/schemas/audit";

// Newline-delimited JSON: the page shows rows as each image's members arrive.
export const GET = apiRoute(async () => {
  const run = await prepareAudit();
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const emit = (event: AuditEvent) => controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
      try {
        await run(emit);
      } catch (err) {
        emit({
          type: "failure",
          failure: { connectionId: "", projectName: "The audit", region: null, code: "internal", message: err instanceof Error ? err.message : "failed" },
        });
        emit({ type: "done", ms: 0 });
      }
      controller.close();
    },
  });
  return new Response(stream, { headers: { "Content-Type": "application/x-ndjson", "Cache-Control": "no-store" } });
});
