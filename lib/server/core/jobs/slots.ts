import { AppError } from "@/lib/errors";
import { say } from "@/lib/i18n/sentence";

/**
 * A fixed number of places, shared fairly: one person holds at most `share` of them at once
 * (so another's first job finds one free however many the first queued), and a freed place
 * goes to the person at the head of the rotation who may take one (round robin between
 * people, first come within one person).
 */
export class FairSlots {
  private readonly held = new Map<string, number>();
  private readonly queues = new Map<string, (() => void)[]>();

  constructor(
    readonly size: number,
    readonly share = size,
  ) {}

  /** Waits for a place for `who`; resolves with its release. An abort while waiting leaves the queue. */
  acquire(who: string, signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(reasonOf(signal));
    if (!this.queues.has(who) && this.mayTake(who)) return Promise.resolve(this.take(who));
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve(this.take(who));
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

  private get busy(): number {
    let n = 0;
    for (const h of this.held.values()) n += h;
    return n;
  }

  private mayTake(who: string): boolean {
    return this.busy < this.size && (this.held.get(who) ?? 0) < this.share;
  }

  private take(who: string): () => void {
    this.held.set(who, (this.held.get(who) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const left = this.held.get(who)! - 1;
      if (left === 0) this.held.delete(who);
      else this.held.set(who, left);
      this.grantNext();
    };
  }

  /** Hands free places to the first people in the rotation who may take one; each then goes to its back. */
  private grantNext(): void {
    for (const [who, queue] of [...this.queues]) {
      if (!this.mayTake(who)) continue;
      const grant = queue.shift()!;
      this.queues.delete(who);
      if (queue.length > 0) this.queues.set(who, queue);
      grant();
    }
  }
}

const reasonOf = (signal: AbortSignal) =>
  signal.reason instanceof Error ? signal.reason : new AppError("cancelled", say("jobs.cancelled"));
