import { describe, expect, it } from "vitest";

import { say } from "@/lib/i18n/sentence";
import { OpenStackError } from "@/lib/openstack/errors";
import { written } from "@/lib/server/testing/written";

import type { Source } from "./context";
import { fanOut } from "./fan-out";

const source = (name: string) =>
  ({
    dto: { connectionId: name, projectId: name, projectName: name, region: "R" },
  }) as unknown as Source;
const names = (sources: Source[]) => sources.map((s) => s.dto.projectName);

/** A call as http.ts makes it: answers after `ms`, or fails as cancelled when its signal aborts. */
const answerAfter = (ms: number) => (s: Source, signal?: AbortSignal) =>
  new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => resolve(s.dto.projectName), ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(
        new OpenStackError(
          "cancelled",
          say("upstream.cancelled", { service: "Glance" }),
          "glance",
          0,
        ),
      );
    });
  });

describe("fanOut with patience", () => {
  it("answers with the sources that answered in time, stops the slow one's call and names it late", async () => {
    const sources = [source("fast"), source("slow")];
    let slowSignal: AbortSignal | undefined;
    const started = performance.now();
    const out = await fanOut(
      sources,
      (s, signal) => {
        if (s.dto.projectName === "slow") slowSignal = signal;
        return answerAfter(s.dto.projectName === "slow" ? 5_000 : 10)(s, signal);
      },
      { patienceMs: 100 },
    );
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(out.results.map((r) => r.value)).toEqual(["fast"]);
    expect(names(out.late)).toEqual(["slow"]);
    expect(out.failures).toEqual([]);
    expect(slowSignal?.aborted).toBe(true);
  });

  it("counts a source still waiting for its turn as late, and never starts its call", async () => {
    const called: string[] = [];
    const out = await fanOut(
      [source("a"), source("b")],
      (s, signal) => {
        called.push(s.dto.projectName);
        return answerAfter(5_000)(s, signal);
      },
      { patienceMs: 50, limit: 1 },
    );
    expect(called).toEqual(["a"]);
    expect(names(out.late)).toEqual(["a", "b"]);
  });

  it("still reports a real failure as a failure, not as late", async () => {
    const out = await fanOut(
      [source("broken")],
      () =>
        Promise.reject(
          new OpenStackError(
            "upstream_unavailable",
            say("upstream.unreachable", { service: "Glance", origin: "http://192.0.2.1:9292" }),
            "glance",
            0,
          ),
        ),
      {
        patienceMs: 1_000,
      },
    );
    expect(out.late).toEqual([]);
    expect(written(out.failures)).toMatchObject([
      { projectName: "broken", message: "Glance is unreachable at http://192.0.2.1:9292." },
    ]);
    expect(written(out.failures, "fr")).toMatchObject([
      { message: "Glance est injoignable à http://192.0.2.1:9292." },
    ]);
  });

  it("waits as long as it takes without patience, and for the one source a request names", async () => {
    const slow = (s: Source, signal?: AbortSignal) => answerAfter(150)(s, signal);
    expect((await fanOut([source("a")], slow)).results).toHaveLength(1);
    expect(
      (await fanOut([source("a")], slow, { single: true, patienceMs: 10 })).results,
    ).toHaveLength(1);
  });
});
