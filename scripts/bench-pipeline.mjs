#!/usr/bin/env node
// `npm run bench:pipeline`: build, then measure the pipeline against a raw amqplib baseline.
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
    '@podlab/producer',
    '@podlab/consumer',
    '@podlab/local-stack',
    '--outputStyle=static',
  ],
  {
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
if (build.status !== 0) process.exit(build.status ?? 1);
const bench = spawnSync(
  process.execPath,
  ['--enable-source-maps', 'scripts/local-stack/dist/bench-pipeline.js'],
  { stdio: 'inherit' },
);
process.exit(bench.status ?? 1);
