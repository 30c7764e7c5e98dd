// `npm run bench:images`: per image its size, build time cold (no layer cache) and cached, and
// container start → ready, beside a naive image of the same service (FROM node + COPY . . +
// npm install, built on the same base image). Uses the MariaDB/MySQL and RabbitMQ named by
// BENCH_MYSQL_ADMIN_URL and BENCH_AMQP_URL on 127.0.0.1 (the machines run none of their own: a
// running `npm start` has both, see its .data/) and removes everything it creates. The naive
// build needs the npm registry (the machine's CA bundle goes in as a build secret).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import amqp from 'amqplib';
import {
  buildImage,
  buildOutputs,
  caBundle,
  chooseBases,
  type BuildResult,
} from '@podlab/scripts/build-images';
import {
  capture,
  detectEngine,
  formatMiB,
  HARDENED_RUN_FLAGS,
  imageSize,
  repoRoot,
  run,
} from '@podlab/scripts/container-engine';
import {
  imageSpecs,
  services,
  type ImageSpec,
  type ServiceEntry,
} from '@podlab/scripts/image-list';
import { createTestDatabase } from '@podlab/testing';

const engine = detectEngine();
const id = `podlab_bench_${randomBytes(3).toString('hex')}`;
const mysqlAdminUrl = process.env.BENCH_MYSQL_ADMIN_URL;
const amqpUrl = process.env.BENCH_AMQP_URL;
if (!mysqlAdminUrl || !amqpUrl) {
  console.error(
    'bench:images: set BENCH_MYSQL_ADMIN_URL (e.g. mysql://root@127.0.0.1:<port>) and ' +
      'BENCH_AMQP_URL (amqp://guest:guest@127.0.0.1:<port>) to servers on this machine',
  );
  process.exit(2);
}
const quiet = () => undefined;
const containers: string[] = [];

const specs = imageSpecs();
const unbuildable = buildOutputs(specs);
const bases = chooseBases(engine);

// ---- backing services for the containers: a database + user and queue names of the bench's own.
// The user has the cluster's grants (the catalog's SERVICE_GRANTS), as every service's has.
const database = await createTestDatabase(mysqlAdminUrl, 'bench_images');
const envFor = (needs: ServiceEntry['needs'], port: number): Record<string, string> => ({
  PORT: String(port),
  ...(needs.includes('amqp')
    ? { AMQP_URL: amqpUrl, AMQP_QUEUE: `${id}.q`, AMQP_EXCHANGE: `${id}.x` }
    : {}),
  ...(needs.includes('mysql') ? { MYSQL_URL: database.url } : {}),
});

/** Seconds from `run` to the first 200 from `url`, then stops and removes the container. */
async function startToReady(
  ref: string,
  { env = {}, flags = [], url }: { env?: Record<string, string>; flags?: string[]; url: string },
): Promise<number> {
  const name = `${id.replaceAll('_', '-')}-${containers.length}`;
  containers.push(name);
  const started = Date.now();
  run(
    engine,
    [
      'run',
      '-d',
      '--name',
      name,
      ...flags,
      ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
      ref,
    ],
    { stdio: 'ignore' },
  );
  while (Date.now() - started < 60_000) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const seconds = (Date.now() - started) / 1000;
  run(engine, ['rm', '-f', '-t', '10', name], { stdio: 'ignore', allowFailure: true });
  return seconds < 60 ? seconds : NaN;
}

/** A build that ran (the specs measured here all have their bundle). */
function built(result: BuildResult) {
  if ('skipped' in result) throw new Error(`${result.name}: ${result.skipped}`);
  return result;
}

/** Builds `spec` twice: without any layer cache, then again with it. */
function coldAndCached(spec: ImageSpec) {
  const cold = built(buildImage(engine, spec, bases, { log: quiet, noCache: true }));
  const cached = built(buildImage(engine, spec, bases, { log: quiet }));
  return { bytes: cached.bytes, cold: cold.seconds, cached: cached.seconds };
}

// ---- the naive image: the whole work tree (what `COPY . .` takes, less node_modules and .git)
const naiveContext = mkdtempSync(join(tmpdir(), 'podlab-naive-'));
function prepareNaiveContext() {
  const files = spawnSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
    cwd: repoRoot,
    encoding: 'utf8',
  })
    .stdout.split('\0')
    .filter(Boolean);
  for (const file of files)
    if (existsSync(join(repoRoot, file)))
      cpSync(join(repoRoot, file), join(naiveContext, file), { recursive: true });
  for (const spec of specs) {
    const dist = join(repoRoot, spec.output, '..');
    if (existsSync(dist)) cpSync(dist, join(naiveContext, spec.output, '..'), { recursive: true });
  }
  writeFileSync(join(naiveContext, '.dockerignore'), 'node_modules\n.git\n');
}
const naiveDockerfile = (spec: ImageSpec) => `ARG NODE_IMAGE=node:22-bookworm-slim
FROM \${NODE_IMAGE}
WORKDIR /app
COPY . .
RUN --mount=type=secret,id=ca,target=/run/secrets/ca NODE_EXTRA_CA_CERTS=/run/secrets/ca npm install --no-audit --no-fund
CMD ["node", "${spec.output}"]
`;
function buildNaive(spec: ImageSpec, noCache: boolean) {
  writeFileSync(join(naiveContext, 'Dockerfile.naive'), naiveDockerfile(spec));
  const ca = caBundle();
  const ref = `localhost/podlab-bench/${spec.name}-naive:dev`;
  const started = process.hrtime.bigint();
  run(
    engine,
    [
      'build',
      '--quiet',
      '-f',
      join(naiveContext, 'Dockerfile.naive'),
      '-t',
      ref,
      ...(noCache ? ['--no-cache'] : []),
      ...(ca ? ['--secret', `id=ca,src=${ca}`] : []),
      '--build-arg',
      `NODE_IMAGE=${bases.NODE_IMAGE ?? 'node:22-bookworm-slim'}`,
      naiveContext,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return {
    ref,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    bytes: imageSize(engine, ref),
  };
}

interface Row {
  image: string;
  ours: number;
  cold: number;
  cached: number;
  ready?: number;
  naive?: number;
  naiveCold?: number;
  naiveCached?: number;
  naiveReady?: number;
}
const rows: Row[] = [];
try {
  prepareNaiveContext();
  const [port] = [30000 + Math.floor(Math.random() * 20000)];
  for (const spec of specs) {
    if (unbuildable.has(spec.project) || !existsSync(join(repoRoot, spec.output))) {
      console.log(
        `skip ${spec.name}: ${unbuildable.get(spec.project) ?? `${spec.output} not built`}`,
      );
      continue;
    }
    console.log(`measuring ${spec.name}...`);
    const ours = coldAndCached(spec);
    const row: Row = { image: spec.name, ours: ours.bytes, cold: ours.cold, cached: ours.cached };
    if (spec.kind === 'service') {
      const needs = services.find((s) => s.name === spec.name)?.needs ?? [];
      const flags = ['--network', 'host', ...HARDENED_RUN_FLAGS, '--user', '10001'];
      row.ready = await startToReady(spec.ref, {
        env: envFor(needs, port),
        flags,
        url: `http://127.0.0.1:${port}/readyz`,
      });
      const naiveCold = buildNaive(spec, true);
      const naiveCached = buildNaive(spec, false);
      Object.assign(row, {
        naive: naiveCached.bytes,
        naiveCold: naiveCold.seconds,
        naiveCached: naiveCached.seconds,
      });
      row.naiveReady = await startToReady(naiveCached.ref, {
        env: envFor(needs, port),
        flags: ['--network', 'host'],
        url: `http://127.0.0.1:${port}/readyz`,
      });
      run(engine, ['rmi', naiveCached.ref], { stdio: 'ignore', allowFailure: true });
    } else {
      row.ready = await startToReady(spec.ref, {
        flags: [
          '--publish',
          `127.0.0.1:${port}:8080`,
          '--read-only',
          '--tmpfs',
          '/tmp',
          '--cap-drop',
          'ALL',
        ],
        url: `http://127.0.0.1:${port}/healthz`,
      });
    }
    rows.push(row);
  }
} finally {
  if (containers.length)
    run(engine, ['rm', '-f', '-t', '0', ...containers], { stdio: 'ignore', allowFailure: true });
  rmSync(naiveContext, { recursive: true, force: true });
  await database.drop();
  const connection = await amqp.connect(amqpUrl);
  const channel = await connection.createChannel();
  for (const q of [`${id}.q`, `${id}.q.dead`]) await channel.deleteQueue(q);
  for (const x of [`${id}.x`, `${id}.x.dlx`]) await channel.deleteExchange(x);
  await connection.close();
}

const s = (n: number | undefined) =>
  n !== undefined && Number.isFinite(n) ? `${n.toFixed(1)} s` : '-';
console.log(
  `\nimages, ${engine.name} on ${capture(engine, ['version', '--format', '{{.Client.Version}}'], { allowFailure: true }) || '?'}; bases: ${Object.values(bases).join(', ') || 'public'}`,
);
console.log(
  '| image | size | naive size | ours/naive | build cold | build cached | naive cold | naive cached | start→ready | naive start→ready |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const ratio = r.naive ? `${((r.ours / r.naive) * 100).toFixed(0)} %` : '-';
  console.log(
    `| ${r.image} | ${formatMiB(r.ours)} | ${r.naive ? formatMiB(r.naive) : '-'} | ${ratio} | ${s(r.cold)} | ${s(r.cached)} | ${s(r.naiveCold)} | ${s(r.naiveCached)} | ${s(r.ready)} | ${s(r.naiveReady)} |`,
  );
}
