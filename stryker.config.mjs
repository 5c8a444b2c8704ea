// @ts-check
// `npm run test:mutation` (scripts/mutation): mutation testing of lib/'s unit tests (Stryker,
// vitest runner), in one run over every lib/ file with unit tests and the security guards,
// incremental: only the mutants whose code or covering tests changed since the committed
// report (reports/stryker-incremental.json) are tested again.
// scripts/mutation-score.ts then fails below 90% on the guards and below the floor on lib/.
// Static mutants (in module-level initialisers: the metadata BlockList, zod schemas' own
// definitions) are left out: with this runner they survive even when they break the
// module at load (tried: addSubnet("") throws on import, yet the mutant "survived"), so
// they would only add noise. The functions those initialisers feed are mutated.
import { existsSync, readdirSync, readFileSync } from "node:fs";

/** Where a declaration sits in its file: a function up to its closing brace, a const up to its semicolon. */
function declaration(file, start) {
  const lines = readFileSync(file, "utf8").split("\n");
  const first = lines.findIndex((l) => l.startsWith(start));
  if (first < 0) throw new Error(`stryker.config.mjs: "${start}" is no longer in ${file}`);
  let last = first;
  if (/function /.test(start)) while (lines[last] !== "}") last++;
  else while (!/;\s*$/.test(lines[last] ?? ";")) last++;
  return { file, from: first + 1, to: last + 1 };
}

/** The security guards: outbound and auth-URL policy, origin check, cursor codec, CSV writer, id validation, env parsing. */
export const guards = [
  { file: "lib/openstack/addresses.ts" },
  { file: "lib/server/core/auth-url-policy.ts" },
  declaration("lib/server/core/clouds.ts", "export function endpointsFor"),
  declaration("lib/openstack/glance.ts", "export function nextPageUrl"),
  declaration("lib/openstack/glance.ts", "function segment"),
  declaration("lib/server/origin.ts", "export function refusalOf"),
  declaration("lib/server/images/listing.ts", "export function encodeCursor"),
  declaration("lib/server/images/listing.ts", "export function decodeCursor"),
  declaration("lib/server/images/listing.ts", "const isListLink"),
  declaration("lib/server/images/listing.ts", "const cursorSchema"),
  { file: "lib/csv.ts" },
  declaration("lib/schemas/images.ts", "export const imageIdSchema"),
  declaration("lib/schemas/members.ts", "export const memberIdSchema"),
  declaration("lib/schemas/members.ts", "export const existingMemberIdSchema"),
  declaration("lib/server/env.ts", "const sessionSecretSchema"),
  declaration("lib/server/env.ts", "const rawEnvSchema"),
  declaration("lib/server/env.ts", "export function parseEnv"),
  declaration("lib/server/env.ts", "function parseOrigin"),
];

export const tested = readdirSync("lib", { recursive: true, encoding: "utf8" })
  .map((f) => `lib/${f}`)
  .filter((f) => f.endsWith(".test.ts"))
  .filter((t) => !t.endsWith(".integration.test.ts"))
  .map((t) => t.replace(/(\.hostile)?\.test\.ts$/, ".ts"))
  .filter((f) => existsSync(f));

/** Guards in files without unit tests of their own are mutated beside the tested files. */
const mutate = [
  ...tested,
  ...guards
    .filter((g) => !tested.includes(g.file))
    .map((g) => (g.from === undefined ? g.file : `${g.file}:${g.from}-${g.to}`)),
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: "vitest",
  // Every unit test in the dry run, not only those vitest finds related to the mutated files:
  // with the related search the dry run here dropped the tests that reach lib/openstack and
  // lib/server/core after the files moved (their mutants came out "NoCoverage").
  vitest: { configFile: "vitest.mutation.config.mts", related: false },
  plugins: ["@stryker-mutator/vitest-runner"],
  mutate,
  ignoreStatic: true,
  coverageAnalysis: "perTest",
  concurrency: 2,
  reporters: ["json", "progress"],
  jsonReporter: { fileName: ".test-results/mutation/report.json" },
  tempDirName: ".stryker-tmp",
  // The committed report is the starting point of every run (scripts/mutation says which
  // file a run reads and writes); `--force` tests every mutant again.
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  cleanTempDir: "always",
  // The break is on the guards' score, computed by scripts/mutation-score.ts.
  thresholds: { high: 90, low: 60, break: null },
  timeoutMS: 10_000,
};

export default config;
