#!/usr/bin/env node
// `npm run bench:api`: build, then measure the authenticated todo list against a bare express handler.
import { spawnSync } from 'node:child_process';
import { ensureInstalled } from './lib/ensure-installed.mjs';

ensureInstalled();
const build = spawnSync(
  'npx',
  ['nx', 'run-many', '-t', 'build', '-p', '@podlab/todo', '@podlab/local-stack', '--outputStyle=static'],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);
if (build.status !== 0) process.exit(build.status ?? 1);
const bench = spawnSync(
  process.execPath,
  ['--enable-source-maps', 'scripts/local-stack/dist/bench-api.js'],
  { stdio: 'inherit' },
);
process.exit(bench.status ?? 1);
