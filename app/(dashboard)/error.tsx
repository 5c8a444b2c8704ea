"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** A page that failed on the server: say so, and let the person try again without reloading everything. */
export default function DashboardError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div className="space-y-4">
      <Alert tone="error" title="This page could not be shown">
        The dashboard&apos;s server failed while preparing it
        {error.digest ? ` (reference ${error.digest}, in the server log)` : ""}. Your connected
        projects and their images are unaffected.
      </Alert>
      <Button onClick={reset}>Try again</Button>
    </div>
  );
}
