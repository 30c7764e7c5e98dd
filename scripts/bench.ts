// `npm run bench:<name>`: build what the benchmark runs, then run it. Benchmarks print figures
// beside a baseline measured in the same run; they pass or fail nothing.
//   pipeline  producer → RabbitMQ → consumer → MySQL against raw amqplib
//   api       the authenticated todo list against a bare express handler
//   chat      live delivery across two chat instances against the raw broker fan-out
import { spawnSync } from 'node:child_process';

const projects: Record<string, string[]> = {
  pipeline: ['@podlab/producer', '@podlab/consumer'],
  api: ['@podlab/todo'],
  chat: ['@podlab/chat'],
};
const names = process.argv[2] === 'all' ? Object.keys(projects) : [process.argv[2]];
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
    '@podlab/local-stack',
    '--outputStyle=static',
  ],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);
if (build.status !== 0) process.exit(build.status ?? 1);
for (const name of names) {
  const bench = spawnSync(
    process.execPath,
    ['--enable-source-maps', `scripts/local-stack/dist/bench-${name}.js`],
    {
      stdio: 'inherit',
    },
  );
  if (bench.status !== 0) process.exit(bench.status ?? 1);
}
