// The closing lines of scripts/test-all, from every suite's JSON report: the test counts,
// then each failed test by name with the first lines of its error. CI keeps only the end
// of a run's output, so a failure has to be named here to be found at all.
import { existsSync, readFileSync } from "node:fs";

const dir = process.argv[2] ?? ".test-results";
const ERROR_LINES = 6;

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: {
    name: string;
    message?: string;
    status: string;
    assertionResults: { fullName: string; status: string; failureMessages: string[] }[];
  }[];
}
interface PlaywrightSuite {
  title: string;
  file?: string;
  suites?: PlaywrightSuite[];
  specs?: {
    title: string;
    file: string;
    tests: { status: string; results: { status: string; error?: { message?: string } }[] }[];
  }[];
}
interface PlaywrightReport {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  suites: PlaywrightSuite[];
}

const read = <T>(name: string): T | undefined => {
  const path = `${dir}/${name}.json`;
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as T) : undefined;
};
// Colour codes and the stack: the message's first lines are what says what went wrong.
const firstLines = (message = "") =>
  message
    .replace(/\x1b\[[0-9;]*m/g, "")
    .split("\n")
    .filter((line) => line.trim() !== "" && !/^\s+at /.test(line))
    .slice(0, ERROR_LINES)
    .map((line) => `      ${line.slice(0, 240)}`)
    .join("\n");

let passed = 0;
let failed = 0;
let skipped = 0;
const failures: string[] = [];

for (const suite of ["unit", "integration", "deployment"]) {
  const report = read<VitestReport>(suite);
  if (!report) continue;
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  for (const file of report.testResults) {
    const name = file.name.replace(`${process.cwd()}/`, "");
    const failedTests = file.assertionResults.filter((t) => t.status === "failed");
    for (const test of failedTests)
      failures.push(
        `  ${suite}: ${name} > ${test.fullName}\n${firstLines(test.failureMessages[0])}`,
      );
    // A file that failed before any test ran (an import, a hook) has only its message.
    if (file.status === "failed" && failedTests.length === 0)
      failures.push(`  ${suite}: ${name}\n${firstLines(file.message)}`);
  }
}

const e2e = read<PlaywrightReport>("e2e");
if (e2e) {
  passed += e2e.stats.expected + e2e.stats.flaky;
  failed += e2e.stats.unexpected;
  skipped += e2e.stats.skipped;
  const walk = (suite: PlaywrightSuite, titles: string[]) => {
    const path = suite.file ? titles : [...titles, suite.title];
    for (const spec of suite.specs ?? [])
      for (const test of spec.tests)
        if (test.status === "unexpected") {
          const last = test.results.at(-1);
          failures.push(
            `  e2e: ${spec.file} > ${[...path, spec.title].join(" > ")}\n${firstLines(last?.error?.message)}`,
          );
        }
    for (const child of suite.suites ?? []) walk(child, path);
  };
  for (const suite of e2e.suites) walk(suite, []);
}

console.log(
  `\ntests: ${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""),
);
if (failures.length) console.log(`failed tests:\n${failures.join("\n")}`);
