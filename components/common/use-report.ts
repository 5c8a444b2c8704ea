"use client";

import { useToast } from "@/components/ui/toast";
import { messageOf } from "@/lib/api-client";

/** What every change answers besides its own result: whether it could be journaled. */
interface Journaled {
  journalError: string | null;
}

/** One item of a batch (invitations, accept/reject). */
interface ItemResult extends Journaled {
  ok: boolean;
  error: { message: string } | null;
}

/**
 * Reports the outcome of changes as toasts, one way everywhere: the success sentence,
 * each failure with its reason, and each change that was made but not journaled.
 */
export function useReport() {
  const toast = useToast();
  return {
    /** One change made: its sentence, and its journal failure if any. */
    done(message: string, result?: Journaled) {
      toast("success", message);
      if (result?.journalError) toast("error", result.journalError);
    },
    /** A batch: `message` gets the number that succeeded (no toast for none); failures say why. */
    batch(results: ItemResult[], message: (ok: number) => string) {
      const ok = results.filter((r) => r.ok).length;
      if (ok > 0) toast("success", message(ok));
      for (const r of results) {
        if (r.error) toast("error", r.error.message);
        if (r.journalError) toast("error", r.journalError);
      }
    },
    failed(err: unknown) {
      toast("error", messageOf(err));
    },
  };
}
