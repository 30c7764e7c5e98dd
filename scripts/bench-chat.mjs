#!/usr/bin/env node
// `npm run bench:chat`: build, then measure live delivery across two chat instances against the
// raw broker fan-out on the same machine.
import { spawnSync } from 'node:child_process';
import { ensureInstalled } from './lib/ensure-installed.mjs';

ensureInstalled();
const build = spawnSync(
  'npx',
  [
    'nx',
    'run-many',
    '-t',
    'build',
    '-p',
    '@podlab/chat',
    '@podlab/local-stack',
    '--outputStyle=static',
  ],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);
if (build.status !== 0) process.exit(build.status ?? 1);
const bench = spawnSync(
  process.execPath,
  ['--enable-source-maps', 'scripts/local-stack/dist/bench-chat.js'],
  { stdio: 'inherit' },
);
process.exit(bench.status ?? 1);
