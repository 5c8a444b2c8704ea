// `npm run bench`: the dashboard against the floor (direct Glance calls on pre-issued
// tokens) and against the `openstack` CLI, on the local cloud, one file per section of
// docs/benchmarks.md (their prose in prose/). Prints a table and writes it to
// docs/benchmarks.md. The dashboard must be running at BENCH_URL (scripts/bench/run starts one).
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";

import { audit } from "./audit";
import { download } from "./download";
import { latency } from "./latency";
import { load } from "./load";
import { overhead } from "./overhead";
import { lines, log, measuredAt, say } from "./report";
import { transfer } from "./transfer";
import { workflow } from "./workflow";

/** The sections in the document's order, by the names BENCH_ONLY takes. */
const sections = { workflow, audit, overhead, load, download, transfer, latency };

/** A partial run (BENCH_ONLY) replaces only its own "## N." sections of the document. */
function replaceSections(file: string, produced: string[]) {
  const split = (text: string) => text.split(/^(?=## \d+\. )/m);
  const fresh = new Map(
    split(produced.join("\n"))
      .filter((s) => s.startsWith("## "))
      .map((s) => [s.slice(0, s.indexOf(".")), s]),
  );
  const existing = split(readFileSync(file, "utf8"));
  const kept = existing.map((s) => fresh.get(s.slice(0, s.indexOf("."))) ?? s);
  for (const [key, section] of fresh)
    if (!existing.some((s) => s.startsWith(`${key}.`))) kept.push(section);
  writeFileSync(file, `${kept.map((s) => s.trimEnd()).join("\n\n")}\n`);
  log(`sections ${[...fresh.keys()].map((k) => k.slice(3)).join(", ")} of ${file} replaced`);
}

async function main() {
  const cpu = cpus();
  say("intro", "document", {
    when: measuredAt(),
    cores: cpu.length,
    model: cpu[0]?.model ?? "CPU",
    memory: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  });
  // BENCH_ONLY=workflow,audit,overhead,load,download,transfer,latency runs some parts; only their sections of docs/benchmarks.md change.
  const only = process.env.BENCH_ONLY?.split(",");
  for (const [name, run] of Object.entries(sections)) if (!only || only.includes(name)) await run();
  if (only) {
    replaceSections("docs/benchmarks.md", lines);
    return;
  }
  writeFileSync("docs/benchmarks.md", `${lines.join("\n")}\n`);
  log("written to docs/benchmarks.md");
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
