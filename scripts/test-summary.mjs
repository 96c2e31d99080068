#!/usr/bin/env node
// Prints `N passed, N failed` from a vitest JSON report; exits 1 if any test failed or no report exists.
import { existsSync, readFileSync } from 'node:fs';

const file = process.argv[2] ?? '.test-results/vitest.json';
if (!existsSync(file)) {
  console.error(`test-summary: no vitest report at ${file}; the run stopped before the tests (see above)`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
const failedSuites = (report.testResults ?? []).filter(
  (f) => f.status === 'failed' && f.assertionResults.length === 0,
);
for (const suite of failedSuites)
  console.error(`test-summary: ${suite.name} failed to load: ${suite.message}`);
const passed = report.numPassedTests ?? 0;
const failed = (report.numFailedTests ?? 0) + failedSuites.length;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || report.success === false ? 1 : 0);
