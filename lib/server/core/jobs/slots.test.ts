import { describe, expect, it } from "vitest";

import { FairSlots } from "./slots";

const tick = () => new Promise((r) => setImmediate(r));

describe("FairSlots", () => {
  it("gives freed places in turn between people, not in arrival order", async () => {
    const slots = new FairSlots(1);
    const order: string[] = [];
    const first = await slots.acquire("ann");
    // Each job runs as soon as it gets its place, and gives it back at once.
    const take = (who: string, n: number) =>
      slots.acquire(who).then((release) => {
        order.push(`${who}${n}`);
        release();
      });
    // Ann queues three jobs, then Bob one: Bob's goes second, not fourth.
    const jobs = [take("ann", 1), take("ann", 2), take("ann", 3), take("bob", 1)];
    expect(slots.waiting).toBe(4);
    first();
    await Promise.all(jobs);
    expect(order).toEqual(["ann1", "bob1", "ann2", "ann3"]);
  });

  it("lets a waiter that is cancelled leave the queue, and never hands it a place", async () => {
    const slots = new FairSlots(1);
    const held = await slots.acquire("ann");
    const cancel = new AbortController();
    const waiting = slots.acquire("bob", cancel.signal);
    const after = slots.acquire("cid");
    cancel.abort(new Error("Cancelled."));
    await expect(waiting).rejects.toThrow("Cancelled.");
    expect(slots.waiting).toBe(1);
    held();
    const release = await after;
    release();
    release(); // a second release is ignored
    expect(await Promise.race([slots.acquire("dan"), tick().then(() => "full")])).not.toBe("full");
  });

  it("keeps one person to their share, so another's first job starts at once", async () => {
    const slots = new FairSlots(4, 2);
    await slots.acquire("ann");
    await slots.acquire("ann");
    const third = slots.acquire("ann");
    expect(await Promise.race([third, tick().then(() => "waits")])).toBe("waits");
    const bob = await Promise.race([slots.acquire("bob"), tick().then(() => "waits")]);
    expect(bob).not.toBe("waits");
    (bob as () => void)();
    // A freed place is not Ann's while she holds her share.
    expect(await Promise.race([third, tick().then(() => "waits")])).toBe("waits");
  });

  it("runs up to its size at once without waiting", async () => {
    const slots = new FairSlots(2);
    await slots.acquire("ann");
    await slots.acquire("ann");
    const third = slots.acquire("bob");
    expect(await Promise.race([third, tick().then(() => "waits")])).toBe("waits");
    await expect(slots.acquire("bob", AbortSignal.abort())).rejects.toThrow();
  });
});
