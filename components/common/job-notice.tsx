import { Alert } from "@/components/ui/alert";

/** What a page following a server job says beside its progress: it runs on without the page, and why it stopped if it did. */
export function JobNotice({
  running,
  error,
  what,
}: {
  running: boolean;
  error: string | null;
  /** "share run", "rollout". */
  what: string;
}) {
  return (
    <>
      {running && (
        <p className="text-xs text-slate-600">
          This runs on the server: closing this page or losing the network does not stop it.
        </p>
      )}
      {error && (
        <Alert tone="error" title={`The ${what} did not finish`}>
          {error}
        </Alert>
      )}
    </>
  );
}
