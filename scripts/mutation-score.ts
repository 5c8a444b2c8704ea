// After `stryker run` (scripts/mutation): the mutation score of the security guards (fails
// below 90%) and of every lib/ file with unit tests (fails below the floor in
// reports/mutation-floor.json, which a `--force` run raises when the score went up, so the
// score only goes up), from Stryker's JSON report.
import { readFileSync, writeFileSync } from "node:fs";

import { guards, tested } from "../stryker.config.mjs";

const BREAK = 90;
const FLOOR_FILE = "reports/mutation-floor.json";
const floor = (JSON.parse(readFileSync(FLOOR_FILE, "utf8")) as { lib: number }).lib;
const refresh = process.argv.includes("--force");

interface Mutant {
  status: string;
  mutatorName: string;
  replacement?: string;
  location: { start: { line: number; column: number } };
}
const report = JSON.parse(readFileSync(".test-results/mutation/report.json", "utf8")) as {
  files: Record<string, { mutants: Mutant[] }>;
};
const mutants = Object.entries(report.files).flatMap(([file, f]) =>
  f.mutants.map((m) => ({ file, ...m })),
);
const detected = (m: Mutant) => m.status === "Killed" || m.status === "Timeout";
const counted = (m: Mutant) => detected(m) || m.status === "Survived" || m.status === "NoCoverage";
const score = (ms: Mutant[]) => {
  const valid = ms.filter(counted);
  return {
    percent: valid.length === 0 ? 100 : (100 * valid.filter(detected).length) / valid.length,
    valid: valid.length,
  };
};
const inGuard = (m: Mutant & { file: string }) =>
  guards.some(
    (g) =>
      g.file === m.file &&
      (g.from === undefined || (m.location.start.line >= g.from && m.location.start.line <= g.to!)),
  );

const guardMutants = mutants.filter(inGuard);
const guardScore = score(guardMutants);
const overall = score(mutants.filter((m) => tested.includes(m.file)));

for (const m of guardMutants.filter((m) => counted(m) && !detected(m))) {
  console.log(
    `  undetected in a guard: ${m.file}:${m.location.start.line} ${m.mutatorName}${m.replacement ? ` → ${m.replacement.split("\n")[0]!.slice(0, 80)}` : ""} (${m.status})`,
  );
}
console.log(
  `mutation score, security guards: ${guardScore.percent.toFixed(2)}% of ${guardScore.valid} mutants (break below ${BREAK}%)`,
);
// Two decimals, as printed and as the floor is kept.
const libPercent = Math.floor(overall.percent * 100) / 100;
console.log(
  `mutation score, lib/ files with unit tests: ${libPercent.toFixed(2)}% of ${overall.valid} mutants, static ones left out (break below ${floor.toFixed(2)}%)`,
);
let failed = false;
if (guardScore.percent < BREAK) {
  console.error(
    `The security guards' mutation score is below ${BREAK}%: add tests that kill the mutants listed above.`,
  );
  failed = true;
}
if (libPercent < floor) {
  console.error(
    `lib/'s mutation score fell below its floor (${floor.toFixed(2)}%): new or changed code needs tests that kill its mutants (.test-results/mutation/report.json lists the survivors).`,
  );
  failed = true;
} else if (refresh && libPercent > floor) {
  writeFileSync(FLOOR_FILE, `${JSON.stringify({ lib: libPercent }, null, 2)}\n`);
  console.log(`lib/'s floor raised to ${libPercent.toFixed(2)}% (${FLOOR_FILE}): commit it.`);
}
if (failed) process.exit(1);
