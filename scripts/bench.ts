// `npm run bench:<name>`: build what the benchmark runs (benchmarks/), then run it. Benchmarks
// print figures beside a baseline measured in the same run; they pass or fail nothing.
//   pipeline  producer → RabbitMQ → consumer → MySQL against raw amqplib
//   api       the authenticated todo list against a bare express handler
//   chat      live delivery across two chat instances against the raw broker fan-out
//   images    each image's size, build and start → ready against a naive image (not in `all`:
//             it needs a MySQL and a RabbitMQ of the machine's, see benchmarks/src/bench-images.ts)
import { spawnSync } from 'node:child_process';

/** The projects each benchmark runs (bench:images bundles the images' projects itself). */
const projects: Record<string, string[]> = {
  pipeline: ['@podlab/producer', '@podlab/consumer'],
  api: ['@podlab/todo'],
  chat: ['@podlab/chat'],
  images: [],
};
const all = ['pipeline', 'api', 'chat'];
const names = process.argv[2] === 'all' ? all : [process.argv[2]];
if (!names.every((name) => name in projects)) {
  console.error(`usage: node scripts/run.mjs bench ${Object.keys(projects).join('|')}|all`);
  process.exit(2);
}

const build = spawnSync(
  'npx',
  [
    'nx',
    'run-many',
    '-t',
    'build',
    '-p',
    ...names.flatMap((name) => projects[name]),
    '@podlab/benchmarks',
    '--outputStyle=static',
  ],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);
if (build.status !== 0) process.exit(build.status ?? 1);
for (const name of names) {
  const bench = spawnSync(
    process.execPath,
    ['--enable-source-maps', `benchmarks/dist/bench-${name}.js`],
    { stdio: 'inherit' },
  );
  if (bench.status !== 0) process.exit(bench.status ?? 1);
}
