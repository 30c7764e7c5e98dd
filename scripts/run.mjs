#!/usr/bin/env node
// `node scripts/run.mjs [--install] <script> [args]` runs scripts/<script>.ts: every npm script
// starts here. This one file stays plain JavaScript because `npm start` and `npm test` must work
// on a fresh clone, before node_modules exists: with --install (the commands a newcomer runs
// first) it installs when node_modules is missing or older than the lock file, then hands over.
// Node 22.18+ and 24 strip the types themselves: no loader and nothing to build, ~0.05 s of CPU
// over a bare `node`. Node 20 (end of life since April 2026, not supported, still found on some
// machines) goes through @swc-node/register, a devDependency, at ~1 s of CPU per script, so it
// keeps working until it is upgraded; anything older is told what to install.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { installProblem } from './install-check.mjs';

if (Number(process.versions.node.split('.')[0]) < 20) {
  console.error(
    `podlab needs Node.js 22 (22.18 or later) or 24; this is ${process.version}: install one of those (https://nodejs.org/en/download).`,
  );
  process.exit(1);
}

const install = process.argv[2] === '--install';
const [script, ...args] = process.argv.slice(install ? 3 : 2);
const file = new URL(`./${script}.ts`, import.meta.url);
if (!script || !existsSync(file)) {
  console.error(
    `usage: node scripts/run.mjs [--install] <script> [args]: no scripts/${script ?? ''}.ts`,
  );
  process.exit(2);
}

if (install) ensureInstalled(fileURLToPath(new URL('..', file)));
if (!process.features.typescript)
  await import('@swc-node/register/esm-register').catch(() => {
    console.error(
      `${process.version} cannot run TypeScript without node_modules: run \`npm ci\` first, or use Node.js 22.18+ or 24.`,
    );
    process.exit(1);
  });
// The script reads its arguments as if it had been started itself.
process.argv = [process.argv[0], fileURLToPath(file), ...args];
await import(file.href);

/** Installs dependencies when node_modules is missing or does not match the lock file. */
function ensureInstalled(root) {
  const problem = installProblem(root);
  if (!problem) return;
  const lock = JSON.parse(readFileSync(`${root}package-lock.json`, 'utf8'));
  console.log(
    `Installing dependencies (npm ci, ${Object.keys(lock.packages).length} packages: ${problem})...`,
  );
  const status = spawnSync('npm', ['ci'], { cwd: root, stdio: 'inherit' }).status;
  if (status !== 0) {
    console.error('npm ci failed: see the output above.');
    process.exit(status ?? 1);
  }
}
