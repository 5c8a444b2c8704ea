import { AppError } from "@/lib/errors";

/**
 * A fixed number of places, shared fairly: when one frees, the person who has waited
 * through the fewest turns gets it (round robin between people, first come within one
 * person), so one person's hundred jobs never hold another's first one back.
 */
export class FairSlots {
  private busy = 0;
  private readonly queues = new Map<string, (() => void)[]>();

  constructor(readonly size: number) {}

  /** Waits for a place for `who`; resolves with its release. An abort while waiting leaves the queue. */
  acquire(who: string, signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(reasonOf(signal));
    if (this.busy < this.size) {
      this.busy++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve(this.releaser());
      };
      const onAbort = () => {
        const queue = this.queues.get(who);
        const at = queue?.indexOf(grant) ?? -1;
        if (queue && at >= 0) queue.splice(at, 1);
        if (queue?.length === 0) this.queues.delete(who);
        reject(reasonOf(signal!));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      const queue = this.queues.get(who);
      if (queue) queue.push(grant);
      else this.queues.set(who, [grant]);
    });
  }

  /** How many wait, for everyone. */
  get waiting(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      // The person at the head of the rotation goes next, then to the back of it.
      const next = this.queues.entries().next();
      if (next.done) {
        this.busy--;
        return;
      }
      const [who, queue] = next.value;
      const grant = queue.shift()!;
      this.queues.delete(who);
      if (queue.length > 0) this.queues.set(who, queue);
      grant();
    };
  }
}

const reasonOf = (signal: AbortSignal) =>
  signal.reason instanceof Error ? signal.reason : new AppError("cancelled", "Cancelled.");
