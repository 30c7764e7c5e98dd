#!/usr/bin/env node
// `npm test`: the static checks of every project through Nx, then every test file of every
// project in one vitest run, then one plain summary line: `N passed, N failed, N skipped`
// (test files, plus any static check that failed).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { ensureInstalled } from './lib/ensure-installed.mjs';

ensureInstalled();

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env: process.env }).status ?? 1;

const checks = [
  ['sync', ['nx', 'sync:check']],
  [
    'lint, typecheck, build',
    ['nx', 'run-many', '-t', 'lint', 'typecheck', 'build', '--outputStyle=static'],
  ],
];
const failedChecks = [];
for (const [name, args] of checks) {
  console.log(`\n== ${name}`);
  if (run('npx', args) !== 0) failedChecks.push(name);
}

console.log('\n== tests');
mkdirSync('test-output', { recursive: true });
const report = 'test-output/vitest-report.json';
rmSync(report, { force: true });
const vitestStatus = run('npx', [
  'vitest',
  'run',
  '--config',
  'vitest.all.config.ts',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
]);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  for (const file of results.testResults) {
    const statuses = file.assertionResults.map((a) => a.status);
    if (file.status === 'failed' || statuses.includes('failed')) failed++;
    else if (statuses.length > 0 && statuses.every((s) => s === 'skipped' || s === 'pending'))
      skipped++;
    else passed++;
  }
  if (vitestStatus !== 0 && failed === 0) failed++; // a run-level error (global setup, unhandled rejection)
} else {
  failed++;
}

if (failedChecks.length > 0) console.log(`\nfailed checks: ${failedChecks.join('; ')}`);
failed += failedChecks.length;
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
